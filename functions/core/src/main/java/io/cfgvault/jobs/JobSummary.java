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
     * One device's result in a job: how it ended, what the fetch took, and what was stored when it succeeded.
     *
     * @param error  why it failed, one line naming the device; null when it succeeded
     * @param stored null unless the status is OK
     */
    public record DeviceOutcome(String device, DeviceStatus status, String error, Fetch fetch, Stored stored) {

        /** What the fetch took: bytes of output, wall time, connection attempts, and its steps (no content, no secrets). */
        public record Fetch(long bytes, long durationMillis, int attempts, List<String> trace) {
            public static final Fetch NONE = new Fetch(0, 0, 0, List.of());

            public Fetch {
                trace = trace == null ? List.of() : List.copyOf(trace);
            }
        }

        /**
         * What a successful backup left in the store.
         *
         * @param archiveKey      the archive copy written by this run; null when unchanged
         * @param previousVersion archive version replaced by this run's copy, when the config changed
         * @param version         the device's current archive version (this run's when it changed)
         */
        public record Stored(boolean changed, String latestKey, String archiveKey, String previousVersion, String version,
                             int linesAdded, int linesRemoved) {}

        public static DeviceOutcome succeeded(String device, Fetch fetch, Stored stored) {
            return new DeviceOutcome(device, DeviceStatus.OK, null, fetch, stored);
        }

        public static DeviceOutcome failed(String device, DeviceStatus status, String error, Fetch fetch) {
            return new DeviceOutcome(device, status, error, fetch, null);
        }

        public boolean ok() {
            return status.ok();
        }

        public boolean changed() {
            return stored != null && stored.changed();
        }

        public long bytes() {
            return fetch.bytes();
        }

        public long durationMillis() {
            return fetch.durationMillis();
        }

        public int attempts() {
            return fetch.attempts();
        }

        public List<String> trace() {
            return fetch.trace();
        }

        public String latestKey() {
            return stored == null ? null : stored.latestKey();
        }

        public String archiveKey() {
            return stored == null ? null : stored.archiveKey();
        }

        public String previousVersion() {
            return stored == null ? null : stored.previousVersion();
        }

        public String version() {
            return stored == null ? null : stored.version();
        }

        public int linesAdded() {
            return stored == null ? 0 : stored.linesAdded();
        }

        public int linesRemoved() {
            return stored == null ? 0 : stored.linesRemoved();
        }
    }
}
