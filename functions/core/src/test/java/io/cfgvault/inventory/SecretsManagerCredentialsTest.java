package io.cfgvault.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Credentials are read from Secrets Manager once per cache period per container. Secrets Manager cannot run here, so
 * its GetSecretValue request/response shape (JSON 1.1, X-Amz-Target) is served on 127.0.0.1.
 */
class SecretsManagerCredentialsTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T22:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void secretIsReadOncePerCachePeriodAndARotatedPasswordIsPickedUpAfterIt() throws Exception {
        var calls = new AtomicInteger();
        var password = new AtomicReference<>("first-pass");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] body;
            int status = 200;
            if ("secretsmanager.GetSecretValue".equals(target) && request.contains("\"cfgvault/lab\"")) {
                calls.incrementAndGet();
                String secret = "{\\\"username\\\":\\\"backup\\\",\\\"password\\\":\\\"" + password.get() + "\\\"}";
                body = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:cfgvault/lab-AbCdEf\",\"Name\":\"cfgvault/lab\","
                        + "\"SecretString\":\"" + secret + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],"
                        + "\"CreatedDate\":1.7330e9}").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 400;
                body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (var client = SecretsManagerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            var clock = new ManualClock();
            var resolver = new SecretsManagerCredentials(client, "cfgvault/", clock);
            Device a = device("core-sw-01");
            Device b = device("core-sw-02");
            assertEquals(Optional.of("first-pass"), resolver.resolve(a).password());
            assertEquals(Optional.of("first-pass"), resolver.resolve(b).password());
            clock.advance(SecretsManagerCredentials.CACHE_TTL.minusSeconds(1));
            assertEquals(Optional.of("first-pass"), resolver.resolve(a).password());
            assertEquals(1, calls.get(), "one GetSecretValue for every device sharing the secret within the cache period");

            password.set("rotated-pass");
            clock.advance(Duration.ofSeconds(2));
            assertEquals(Optional.of("rotated-pass"), resolver.resolve(b).password());
            assertEquals(2, calls.get(), "read again once the cache period is over");
        } finally {
            server.stop(0);
        }
    }

    private static Device device(String name) {
        return new Device(name, "10.0.0.1", 22, "cisco_ios", "C9300", "campus", "lab", true, Optional.empty(), Map.of());
    }
}
