package io.cfgvault.destinations;

import java.util.List;

/** What one job hands to the destinations: the current copies of the devices and tables that changed (or are still owed). */
public record Delivery(String jobId, String deployment, List<DeviceFile> devices, List<TableFile> tables) {

    /** A device's current {@code latest/} document, with the raw config that Git receives. */
    public record DeviceFile(String device, String model, String group, String platform, String latestKey,
                             byte[] document, String config, int linesAdded, int linesRemoved) {}

    /** A table export as in {@code latest/}. */
    public record TableFile(String table, String latestKey, byte[] document) {}

    public boolean isEmpty() {
        return devices.isEmpty() && tables.isEmpty();
    }
}
