package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.FileEventPublisher;
import io.cfgvault.settings.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir} / {@code --aws} options that commands working on a deployment share, and the services
 * they open: the embedded environment in the data dir by default, real AWS (or AWS_ENDPOINT_URL*) with --aws.
 */
final class Target {
    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Embedded environment data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--aws", description = "Use real AWS (or the AWS_ENDPOINT_URL* endpoints) from the environment instead of the embedded one.")
    boolean aws;

    /** Open services, with the embedded environment they run on when there is one; closing stops both. */
    record Session(Services services, EmbeddedAws embedded) implements AutoCloseable {
        @Override
        public void close() {
            try {
                services.close();
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
    }

    Session open() throws Exception {
        if (aws) {
            return new Session(new Services(AwsPreflight.check(System.getenv())), null);
        }
        EmbeddedAws embedded = EmbeddedAws.start(dataDir);
        try {
            // job and change events as serve and demo write them
            return new Session(Services.builder(embedded.settings())
                    .events(new FileEventPublisher(embedded.dataDir().resolve("events.jsonl"))).build(), embedded);
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }
}
