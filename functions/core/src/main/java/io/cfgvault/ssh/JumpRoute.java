package io.cfgvault.ssh;

import io.cfgvault.config.Options;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.JumpHosts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a device's chain of {@link Hop}s from its resolved {@code jump} option: each hop with its own credentials. */
public final class JumpRoute {
    private JumpRoute() {
    }

    /**
     * The hops to {@code device}, first to last; empty when it is reached directly.
     *
     * @throws IllegalArgumentException naming the device and the jump host (never a secret) when a hop is not
     *                                  defined or its credentials cannot be resolved
     */
    public static List<Hop> hops(Device device, Options options, JumpHosts jumpHosts, CredentialsResolver credentials) {
        List<String> names = options.jumps();
        if (names.isEmpty()) {
            return List.of();
        }
        return jumpHosts.chain(device.name(), names).stream().map(j -> new Hop(j.name(), j.host(), j.port(),
                j.credentials(), credentials.resolve(asDevice(device, j)), j.hostKey())).toList();
    }

    /** The jump host as a credentials resolver sees a device: its messages then name the hop and the device. */
    private static Device asDevice(Device device, JumpHosts.JumpHost j) {
        return new Device("jump host " + j.name() + " (for " + device.name() + ")", j.host(), j.port(), "", "", "",
                j.credentials(), true, Optional.empty(), Map.of());
    }
}
