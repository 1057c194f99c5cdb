package io.cfgvault.local.cli;

import io.cfgvault.Services;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Re-trusts a device whose host key changed: forgets the pinned key so the next backup pins the new one. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Forget a device's pinned SSH host key; the next backup pins the key it then presents.")
final class TrustCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", description = "Device name.")
    String device;



    @Override
    public Integer call() throws Exception {
        try (Target.Session session = target.open()) {
            Services services = session.services();
            var entry = services.inventory().get(device)
                    .orElseThrow(() -> new IllegalArgumentException("device '" + device + "' is not in the inventory"));
            String old = entry.device().hostKey().orElse(null);
            services.inventory().clearHostKey(device);
            services.auditLog().record("local:" + System.getProperty("user.name"), "trust-host-key", "device/" + device, "ok",
                    java.util.Map.of("previousKeyType", old == null ? "none" : old.split(" ")[0]));
            System.out.println(old == null ? device + ": no key was pinned; the next backup pins the key it sees"
                    : device + ": forgot the pinned " + old.split(" ")[0] + " key; the next backup pins the key it sees");
            return 0;
        }
    }
}
