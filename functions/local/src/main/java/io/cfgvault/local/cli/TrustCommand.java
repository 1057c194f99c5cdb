package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.settings.Settings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-trusts a device whose host key changed: forgets the pinned key so the next backup pins the new one. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Forget a device's pinned SSH host key; the next backup pins the key it then presents.")
final class TrustCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Device name.")
    String device;

    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Embedded environment data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--aws", description = "Use real AWS from the environment instead of the embedded one.")
    boolean aws;

    @Override
    public Integer call() throws Exception {
        EmbeddedAws embedded = aws ? null : EmbeddedAws.start(dataDir);
        try (Services services = new Services(aws ? Settings.fromEnvironment() : embedded.settings())) {
            var entry = services.inventory().get(device)
                    .orElseThrow(() -> new IllegalArgumentException("device '" + device + "' is not in the inventory"));
            String old = entry.device().hostKey().orElse(null);
            services.inventory().clearHostKey(device);
            services.auditLog().record("local:" + System.getProperty("user.name"), "trust-host-key", "device/" + device, "ok",
                    java.util.Map.of("previousKeyType", old == null ? "none" : old.split(" ")[0]));
            System.out.println(old == null ? device + ": no key was pinned; the next backup pins the key it sees"
                    : device + ": forgot the pinned " + old.split(" ")[0] + " key; the next backup pins the key it sees");
            return 0;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
