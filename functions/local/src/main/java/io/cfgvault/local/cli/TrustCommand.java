package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.inventory.JumpHosts;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Re-trusts a device whose host key changed (forgets the pinned key so the next backup pins the new one), or pins
 * a jump host's key. Jump hosts are never trusted on first use: their key is given here after checking its
 * fingerprint, as the refusal message shows it.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Forget a device's pinned SSH host key (the next backup pins the key it then presents), or pin"
                + " a jump host's key with --jump-host NAME --key '<type> <base64>' (--jump-host alone forgets it).")
final class TrustCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", arity = "0..1", description = "Device name.")
    String device;

    @Option(names = "--jump-host", description = "A jump host (configuration keys jump.NAME.*) instead of a device.")
    String jumpHost;

    @Option(names = "--key", description = "With --jump-host: the key to pin, '<type> <base64>' (as the refusal message prints it).")
    String key;

    @Override
    public Integer call() throws Exception {
        if ((device == null) == (jumpHost == null)) {
            throw new IllegalArgumentException("name a device, or a jump host with --jump-host NAME; nothing was changed");
        }
        if (key != null && jumpHost == null) {
            throw new IllegalArgumentException("--key pins a jump host's key: use it with --jump-host NAME; nothing was changed");
        }
        try (Target.Session session = target.open()) {
            Services services = session.services();
            return jumpHost != null ? jumpHost(services) : device(services);
        }
    }

    private int device(Services services) {
        var entry = services.inventory().get(device)
                .orElseThrow(() -> new IllegalArgumentException("device '" + device + "' is not in the inventory"));
        String old = entry.device().hostKey().orElse(null);
        services.inventory().clearHostKey(device);
        services.auditLog().record(actor(), "trust-host-key", "device/" + device, "ok",
                Map.of("previousKeyType", old == null ? "none" : old.split(" ")[0]));
        System.out.println(old == null ? device + ": no key was pinned; the next backup pins the key it sees"
                : device + ": forgot the pinned " + old.split(" ")[0] + " key; the next backup pins the key it sees");
        return 0;
    }

    private int jumpHost(Services services) {
        JumpHosts defined = JumpHosts.from(services.configuration());
        var hop = defined.byName().get(jumpHost);
        if (hop == null) {
            throw new IllegalArgumentException("jump host '" + jumpHost + "' is not defined (configuration keys "
                    + JumpHosts.configKey(jumpHost, JumpHosts.HOST) + ", ...); defined: " + new java.util.TreeSet<>(defined.byName().keySet()));
        }
        String configKey = JumpHosts.configKey(jumpHost, JumpHosts.HOST_KEY);
        String old = hop.hostKey().orElse(null);
        if (key == null) {
            services.configurationStore().remove(configKey);
            System.out.println("jump host " + jumpHost + ": " + (old == null ? "no key was pinned" : "forgot the pinned "
                    + old.split(" ")[0] + " key") + "; devices behind it are refused until a key is pinned with --key");
        } else {
            // validated as the configuration would be, so a pasted fragment is refused here and not at the next backup
            var pinned = new java.util.HashMap<>(new JumpHosts(Map.of(jumpHost, hop)).toConfiguration());
            pinned.put(configKey, key.trim());
            JumpHosts.fromKeys(withoutPrefix(pinned));
            services.configurationStore().put(Map.of(configKey, key.trim()));
            System.out.println("jump host " + jumpHost + ": pinned " + key.trim().split("\\s+")[0] + " key");
        }
        services.auditLog().record(actor(), "trust-host-key", "jump-host/" + jumpHost, "ok",
                Map.of("previousKeyType", old == null ? "none" : old.split(" ")[0], "pinned", key == null ? "none" : key.trim().split("\\s+")[0]));
        return 0;
    }

    private static Map<String, String> withoutPrefix(Map<String, String> keys) {
        var out = new java.util.HashMap<String, String>();
        keys.forEach((k, v) -> out.put(k.substring(JumpHosts.PREFIX.length()), v));
        return out;
    }

    private static String actor() {
        return "local:" + System.getProperty("user.name");
    }
}
