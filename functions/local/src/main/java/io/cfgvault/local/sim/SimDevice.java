package io.cfgvault.local.sim;

import java.util.Objects;
import java.util.Set;

/**
 * A simulated device.
 *
 * @param flavour       CLI to imitate: {@code cisco_ios}, {@code juniper_junos} or {@code arista_eos}
 * @param authorizedKey OpenSSH public key line ({@code <type> <base64> [comment]}) accepted for key auth, or null
 * @param enableSecret  when set, the CLI starts in user mode ({@code name>}) and {@code enable} asks for this secret
 *                      (Cisco-like flavours only); when null the login lands in privileged mode
 */
public record SimDevice(String name, String flavour, String username, String password, String config, Fault fault,
                        String authorizedKey, String enableSecret) {
    public static final Set<String> FLAVOURS = Set.of("cisco_ios", "juniper_junos", "arista_eos");

    public SimDevice {
        Objects.requireNonNull(name, "name");
        if (!FLAVOURS.contains(flavour)) {
            throw new IllegalArgumentException("Unknown simulator flavour '" + flavour + "' for " + name + "; use one of " + FLAVOURS);
        }
        fault = fault == null ? Fault.NONE : fault;
        config = config == null ? "" : config;
    }

    public SimDevice(String name, String flavour, String username, String password, String config, Fault fault) {
        this(name, flavour, username, password, config, fault, null, null);
    }

    /** A healthy device with a generated config of about {@code approxBytes}. */
    public static SimDevice healthy(String name, String flavour, String username, String password, int approxBytes) {
        return new SimDevice(name, flavour, username, password,
                SimConfigs.generate(flavour, name, approxBytes, name.hashCode()), Fault.NONE);
    }

    public SimDevice withFault(Fault f) {
        return new SimDevice(name, flavour, username, password, config, f, authorizedKey, enableSecret);
    }

    public SimDevice withConfig(String c) {
        return new SimDevice(name, flavour, username, password, c, fault, authorizedKey, enableSecret);
    }

    public SimDevice withAuthorizedKey(String key) {
        return new SimDevice(name, flavour, username, password, config, fault, key, enableSecret);
    }

    public SimDevice withEnableSecret(String secret) {
        return new SimDevice(name, flavour, username, password, config, fault, authorizedKey, secret);
    }

    @Override
    public String toString() {
        return "SimDevice[" + name + ", " + flavour + ", " + fault + ", " + config.length() + " chars]";
    }
}
