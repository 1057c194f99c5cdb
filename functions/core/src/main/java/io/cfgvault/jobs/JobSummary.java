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

    /**
     * One device's result in a job.
     *
     * @param previousVersion archive version replaced by this run's copy, when the config changed
     * @param version         archive version written by this run, when the config changed
     * @param trace           steps of the fetch (connected, authenticated, ...), without content or secrets
     */
    public record DeviceOutcome(String device, String status, boolean ok, boolean changed, long bytes,
                                long durationMillis, int attempts, String error, String latestKey, String archiveKey,
                                String previousVersion, String version, int linesAdded, int linesRemoved, List<String> trace) {
        public DeviceOutcome {
            trace = trace == null ? List.of() : List.copyOf(trace);
        }
    }
}
