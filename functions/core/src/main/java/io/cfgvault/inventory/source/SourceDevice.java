package io.cfgvault.inventory.source;

import java.util.Optional;

/**
 * A device as an inventory source describes it. Fields a source cannot know (a NetBox device has no SSH port or
 * credentials reference) are empty and keep the table's value, or take the sync's default for a new device.
 *
 * @param ref the source's own id of the device (NetBox id, Nautobot UUID), used to write results back
 */
public record SourceDevice(String name, String host, Optional<Integer> port, String platform, String model, String group,
                           Optional<String> credentials, boolean enabled, Optional<String> ref) {
    public SourceDevice {
        model = model == null ? "" : model;
        group = group == null ? "" : group;
        port = port == null ? Optional.empty() : port;
        credentials = credentials == null ? Optional.empty() : credentials;
        ref = ref == null ? Optional.empty() : ref;
    }
}
