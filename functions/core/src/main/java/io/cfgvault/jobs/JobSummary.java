package io.cfgvault.jobs;

import io.cfgvault.tables.TableExporter;
import java.time.Instant;
import java.util.List;

/** What one job did: the tables it exported and the devices it backed up. */
public record JobSummary(String jobId, Trigger trigger, String status, Instant startedAt, Instant finishedAt,
                         List<TableExporter.Result> tables, List<DeviceOutcome> devices) {

    public long failedDevices() {
        return devices.stream().filter(d -> !d.ok()).count();
    }

    /** One device's result in a job. */
    public record DeviceOutcome(String device, String status, boolean ok, boolean changed, long bytes,
                                long durationMillis, int attempts, String error, String latestKey, String archiveKey) {}
}
