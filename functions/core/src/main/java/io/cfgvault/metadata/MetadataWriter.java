package io.cfgvault.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.jobs.JobMetadata;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the CMDB datasets declared in {@code cmdb/datasets.json} (deployments, devices, jobs, changes), each
 * under its own prefix so that one Athena table reads one dataset. Account, region, deployment (and day) are
 * not repeated inside the records: they are the partition columns of the key path.
 */
public final class MetadataWriter implements JobMetadata {
    public static final String VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Datasets.Dataset DEPLOYMENTS = Datasets.get("deployments");
    private static final Datasets.Dataset DEVICES = Datasets.get("devices");
    private static final Datasets.Dataset JOBS = Datasets.get("jobs");
    private static final Datasets.Dataset CHANGES = Datasets.get("changes");

    private final ObjectStore store;
    private final InventoryStore inventory;
    private final JobStore jobs;
    private final Clock clock;

    public MetadataWriter(ObjectStore store, InventoryStore inventory, JobStore jobs, Clock clock) {
        this.store = store;
        this.inventory = inventory;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Writes the deployments and devices datasets for this deployment and, when a job finished, the jobs file
     * of its day; {@code lastJob} may be empty (export on demand).
     */
    public Map<String, Object> write(S3Layout layout, Optional<JobRecord> lastJob) {
        var entries = inventory.list();
        var lines = new StringBuilder();
        for (var e : entries) {
            var d = e.device();
            var s = e.state();
            var row = DEVICES.row()
                    .put("device", d.name())
                    .put("host", d.host())
                    .put("platform", d.platform())
                    .put("model", d.model())
                    .put("group", d.group())
                    .put("enabled", d.enabled())
                    .put("lastCheck", s.lastCheckedAt().map(Instant::toString).orElse(null))
                    .put("lastSuccess", s.lastSuccessAt().map(Instant::toString).orElse(null))
                    .put("lastChange", s.lastChangedAt().map(Instant::toString).orElse(null))
                    .put("sha256", s.sha256().orElse(null))
                    .put("bytes", s.bytes())
                    .put("status", s.status())
                    .put("lastError", s.error().orElse(null))
                    .put("version", s.version().orElse(null))
                    .put("lastJobId", s.jobId().orElse(null))
                    .put("startupDiffers", s.startupDiffers().orElse(null));
            lines.append(json(row.values())).append('\n');
        }
        store.put(layout.devicesMetadata(), lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", Map.of());

        lastJob.ifPresent(job -> writeJobsOfDay(layout, LocalDate.ofInstant(job.startedAt(), ZoneOffset.UTC)));

        JobRecord job = lastJob.orElseGet(() -> jobs.list(1).stream().findFirst().orElse(null));
        var items = new LinkedHashMap<String, Long>();
        for (AppTable t : AppTable.exported()) {
            // Every exported table is a key, null until first exported: Athena's map subscript fails on a missing key.
            items.put(t.logicalName(), store.head(layout.latestTable(t.logicalName()))
                    .map(i -> i.metadata().get(TableExporter.ITEMS_META)).map(Long::parseLong).orElse(null));
        }
        var dep = DEPLOYMENTS.row()
                .put("version", VERSION)
                .put("tableItems", items)
                .put("deviceCount", entries.size())
                .put("devicesFailing", entries.stream().filter(e -> !e.state().status().equals("ok") && !e.state().status().equals("never")).count())
                .put("lastJobId", job == null ? null : job.id())
                .put("lastJobStatus", job == null ? null : job.status())
                .put("lastJobStartedAt", job == null ? null : job.startedAt().toString())
                .put("lastJobFinishedAt", job == null ? null : job.finishedAt().map(Instant::toString).orElse(null))
                .put("writtenAt", clock.instant().toString())
                .values();
        store.put(layout.deploymentMetadata(), json(dep).getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        return dep;
    }

    /**
     * Rewrites the day's jobs file from the jobs table rather than appending to it (S3 has no append): whichever
     * job finishes last writes every job of the day, so a lost race is repaired by the next finish.
     */
    private void writeJobsOfDay(S3Layout layout, LocalDate day) {
        var lines = new StringBuilder();
        for (JobRecord j : jobs.listDay(day)) {
            var row = JOBS.row()
                    .put("jobId", j.id())
                    .put("kind", "backup")
                    .put("trigger", j.trigger())
                    .put("status", j.status())
                    .put("total", j.total())
                    .put("succeeded", j.succeeded())
                    .put("failed", j.failed())
                    .put("changed", j.changed())
                    .put("unchanged", j.unchanged())
                    .put("tables", j.tables().size())
                    .put("startedAt", j.startedAt().toString())
                    .put("finishedAt", j.finishedAt().map(Instant::toString).orElse(null))
                    .put("durationSeconds", j.finishedAt().map(f -> Duration.between(j.startedAt(), f).toSeconds()).orElse(null));
            lines.append(json(row.values())).append('\n');
        }
        store.put(layout.jobsMetadata(day), lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", Map.of());
    }

    @Override
    public void jobFinished(S3Layout layout, JobRecord job) {
        write(layout, Optional.of(job));
    }

    /** Records one changed config (a first backup included) in the changes dataset. */
    @Override
    public void recordChange(S3Layout layout, String jobId, String device, String version, String previousVersion,
                             int linesAdded, int linesRemoved) {
        Instant now = clock.instant();
        var row = CHANGES.row()
                .put("device", device)
                .put("version", version)
                .put("previousVersion", previousVersion)
                .put("linesAdded", linesAdded)
                .put("linesRemoved", linesRemoved)
                .put("changedAt", now.toString())
                .put("jobId", jobId);
        store.put(layout.changeMetadata(now, version, device), (json(row.values()) + "\n").getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson", Map.of());
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> readDeployment(S3Layout layout) {
        return store.open(layout.deploymentMetadata()).map(in -> {
            try (InputStream s = in) {
                return JSON.readValue(s, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
