package io.cfgvault.ssh;

import io.cfgvault.inventory.Credentials;
import java.util.Optional;

/**
 * One jump host on the way to a device (OpenSSH's ProxyJump): reached through the hops before it, it opens the
 * TCP connection to the next hop or the device. Its key must be pinned: a bastion is not trusted on first use.
 *
 * @param name        the jump host's name in the configuration, used in every message about it
 * @param credentials what to log in to the hop with (its own credentials reference, resolved)
 * @param credentialsRef the reference itself, for messages
 * @param hostKey     pinned host key ({@code <type> <base64>})
 */
public record Hop(String name, String host, int port, String credentialsRef, Credentials credentials, Optional<String> hostKey) {

    public Hop {
        hostKey = hostKey == null ? Optional.empty() : hostKey.map(String::trim).filter(k -> !k.isEmpty());
    }

    /** How messages name it: {@code jump host 'bastion1' (10.0.0.1:22)}. */
    public String describe() {
        return "jump host '" + name + "' (" + host + ":" + port + ")";
    }

    @Override
    public String toString() {
        return "Hop[" + describe() + ", credentials=" + credentialsRef + "]";
    }
}
