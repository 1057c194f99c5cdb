package io.cfgvault.inventory;

import java.util.Map;
import java.util.Optional;

/**
 * One network device as kept in the inventory table.
 *
 * @param name        unique device name, used in S3 keys
 * @param host        address or DNS name
 * @param port        SSH port
 * @param platform    platform profile name, as Netmiko names device types ({@code cisco_ios}, {@code juniper_junos}, ...)
 * @param model       hardware model, for "back up all C9300s"
 * @param group       operator grouping (site, role)
 * @param credentials name of the credentials entry (local file) or secret suffix (Secrets Manager)
 * @param enabled     disabled devices are skipped by every job
 * @param hostKey     pinned host key ({@code <type> <base64>}), empty until first contact
 * @param options     per-device overrides of profile options (e.g. {@code kex}, {@code hostKeyAlgorithms}, timeouts)
 */
public record Device(String name, String host, int port, String platform, String model, String group,
                     String credentials, boolean enabled, Optional<String> hostKey, Map<String, String> options) {

    public Device {
        options = options == null ? Map.of() : Map.copyOf(options);
        hostKey = hostKey == null ? Optional.empty() : hostKey;
        model = model == null ? "" : model;
        group = group == null ? "" : group;
    }

    public Device withHostKey(String key) {
        return new Device(name, host, port, platform, model, group, credentials, enabled, Optional.ofNullable(key), options);
    }
}
