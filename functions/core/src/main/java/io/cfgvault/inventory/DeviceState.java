package io.cfgvault.inventory;

import java.time.Instant;
import java.util.Optional;

/**
 * The last backup outcome of a device, kept in the inventory item's {@code state} map. It changes every run,
 * so table exports leave it out of change detection.
 *
 * @param version archive version of the last stored config ({@code yyyyMMdd'T'HHmmss'Z'})
 */
public record DeviceState(Optional<Instant> lastCheckedAt, Optional<Instant> lastSuccessAt, Optional<Instant> lastChangedAt,
                          Optional<String> sha256, long bytes, String status, Optional<String> error,
                          Optional<String> version, Optional<String> jobId) {

    public static DeviceState none() {
        return new DeviceState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, "never",
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
