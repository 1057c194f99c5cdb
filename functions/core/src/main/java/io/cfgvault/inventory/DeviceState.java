package io.cfgvault.inventory;

import java.time.Instant;
import java.util.Optional;

/**
 * The last backup outcome of a device, kept in the inventory item's {@code state} map. It changes every run,
 * so table exports leave it out of change detection.
 *
 * @param version archive version of the last stored config ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param startupSha256  sha256 of the normalised startup config last read (platforms with {@code backup.startup})
 * @param startupDiffers whether the running config differed from the startup config when both were last read
 */
public record DeviceState(Optional<Instant> lastCheckedAt, Optional<Instant> lastSuccessAt, Optional<Instant> lastChangedAt,
                          Optional<String> sha256, long bytes, String status, Optional<String> error,
                          Optional<String> version, Optional<String> jobId, Optional<String> startupSha256,
                          Optional<Boolean> startupDiffers) {

    public DeviceState {
        startupSha256 = startupSha256 == null ? Optional.empty() : startupSha256;
        startupDiffers = startupDiffers == null ? Optional.empty() : startupDiffers;
    }

    /** A state with no startup config recorded. */
    public DeviceState(Optional<Instant> lastCheckedAt, Optional<Instant> lastSuccessAt, Optional<Instant> lastChangedAt,
                       Optional<String> sha256, long bytes, String status, Optional<String> error,
                       Optional<String> version, Optional<String> jobId) {
        this(lastCheckedAt, lastSuccessAt, lastChangedAt, sha256, bytes, status, error, version, jobId, Optional.empty(),
                Optional.empty());
    }

    public static DeviceState none() {
        return new DeviceState(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, "never",
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
