package io.cfgvault.inventory.source;

import java.util.List;

/**
 * What one read of an inventory source returned: the devices it could map, and per-device problems (an unknown
 * platform) for the ones it skipped. Skipped devices are left as they are in the table, never disabled.
 *
 * @param source the source's identity ({@code netbox https://nb.example.com}, {@code csv}, {@code oxidized});
 *               devices it owns carry it, and only those are disabled when they disappear from it
 */
public record SourceRead(String source, List<SourceDevice> devices, List<Problem> problems) {
    public SourceRead {
        devices = List.copyOf(devices);
        problems = List.copyOf(problems);
    }

    /** A device the source lists but that could not be imported, and why. */
    public record Problem(String device, String message) {}
}
