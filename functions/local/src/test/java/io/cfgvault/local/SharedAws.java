package io.cfgvault.local;

import io.cfgvault.Services;
import io.cfgvault.tables.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded environment per test JVM (starting DynamoDB Local, S3Proxy and ElasticMQ costs seconds).
 * Tests isolate themselves by table prefix and bucket instead.
 */
public final class SharedAws {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static EmbeddedAws aws;

    private SharedAws() {}

    public static synchronized EmbeddedAws get() {
        if (aws == null) {
            try {
                Path dir = Files.createTempDirectory("cfgvault-test-");
                aws = EmbeddedAws.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
            } catch (Exception e) {
                throw new IllegalStateException("embedded environment did not start", e);
            }
        }
        return aws;
    }

    /** Fresh services with their own tables (prefix) and bucket, so tests never see each other's data. */
    public static Services isolated(String name) {
        return isolated(name, b -> b);
    }

    /** Fresh isolated services, with what the test wires differently (events, tokens, devices) chosen on the builder. */
    public static Services isolated(String name, java.util.function.UnaryOperator<Services.Builder> wiring) {
        EmbeddedAws env = get();
        String id = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "") + SEQ.incrementAndGet();
        var settings = env.settings().withTablePrefix("t" + id + "-").withBucket("b" + id);
        var services = wiring.apply(Services.builder(settings)).build();
        EmbeddedAws.createTables(services.dynamo(), new TableNames(settings.tablePrefix()));
        services.s3().createBucket(b -> b.bucket(settings.bucket()));
        return services;
    }
}
