package io.cfgvault.destinations;

import java.util.List;
import java.util.Optional;

/** A place beyond the deployment's bucket that receives changed configs after each job: a Git remote or another S3 bucket. */
public sealed interface Destination permits Destination.Git, Destination.S3 {

    String name();

    boolean enabled();

    /** Which devices go there; empty fields match everything. */
    Selector selector();

    /** Whether changed table exports go there too. */
    boolean tables();

    /** Devices chosen by name, model or group, as in a backup request. */
    record Selector(List<String> devices, Optional<String> model, Optional<String> group) {
        public static final Selector ALL = new Selector(List.of(), Optional.empty(), Optional.empty());

        public boolean matches(String device, String deviceModel, String deviceGroup) {
            return (devices.isEmpty() || devices.contains(device))
                    && model.map(m -> m.equals(deviceModel)).orElse(true)
                    && group.map(g -> g.equals(deviceGroup)).orElse(true);
        }
    }

    /**
     * A Git remote: one commit per job on {@code branch}, files at {@code pathTemplate}. {@code credentials} is a
     * reference ({@code env:VAR}, {@code file:PATH}, {@code secret:NAME}) to the token (HTTPS) or the private key (SSH),
     * never the secret itself; {@code hostKey} pins an SSH remote's host key.
     */
    record Git(String name, boolean enabled, Selector selector, boolean tables, String url, String branch,
               String pathTemplate, String username, Optional<String> credentials, Optional<String> hostKey) implements Destination {}

    /** Another bucket (other account or region): the same keys as {@code latest/}, under an optional prefix. */
    record S3(String name, boolean enabled, Selector selector, boolean tables, String bucket, Optional<String> region,
              String prefix, Optional<String> roleArn) implements Destination {}
}
