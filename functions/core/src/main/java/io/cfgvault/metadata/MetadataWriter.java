package io.cfgvault.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.inventory.InventoryStore;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the CMDB datasets: {@code deployment.json} (one object per deployment) and {@code devices.json}
 * (JSON Lines, one device a line), each under its own prefix so that one Athena table reads one dataset.
 * Field names are a contract with the Glue tables in the CDK stack and with README. Account, region and
 * deployment are not repeated inside the records: they are the partition columns of the key path.
 */
public final class MetadataWriter {
    public static final String VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Writes both datasets for this deployment; {@code lastJob} may be empty (export on demand). */
    public Map<String, Object> write(S3Layout layout, Optional<JobRecord> lastJob) {
        var entries = inventory.list();
        var lines = new StringBuilder();
        for (var e : entries) {
            var d = e.device();
            var s = e.state();
            var m = new LinkedHashMap<String, Object>();
            m.put("device", d.name());
            m.put("host", d.host());
            m.put("platform", d.platform());
            m.put("model", d.model());
            m.put("group", d.group());
            m.put("enabled", d.enabled());
            m.put("lastCheck", s.lastCheckedAt().map(Instant::toString).orElse(null));
            m.put("lastSuccess", s.lastSuccessAt().map(Instant::toString).orElse(null));
            m.put("lastChange", s.lastChangedAt().map(Instant::toString).orElse(null));
            m.put("sha256", s.sha256().orElse(null));
            m.put("bytes", s.bytes());
            m.put("status", s.status());
            m.put("lastError", s.error().orElse(null));
            m.put("version", s.version().orElse(null));
            m.put("lastJobId", s.jobId().orElse(null));
            lines.append(json(m)).append('\n');
        }
        store.put(layout.devicesMetadata(), lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", Map.of());

        JobRecord job = lastJob.orElseGet(() -> jobs.list(1).stream().findFirst().orElse(null));
        var dep = new LinkedHashMap<String, Object>();
        dep.put("version", VERSION);
        var items = new LinkedHashMap<String, Long>();
        for (AppTable t : AppTable.exported()) {
            store.head(layout.latestTable(t.logicalName())).map(i -> i.metadata().get(TableExporter.ITEMS_META))
                    .ifPresent(n -> items.put(t.logicalName(), Long.parseLong(n)));
        }
        dep.put("tableItems", items);
        dep.put("deviceCount", entries.size());
        dep.put("devicesFailing", entries.stream().filter(e -> !e.state().status().equals("ok") && !e.state().status().equals("never")).count());
        dep.put("lastJobId", job == null ? null : job.id());
        dep.put("lastJobStatus", job == null ? null : job.status());
        dep.put("lastJobStartedAt", job == null ? null : job.startedAt().toString());
        dep.put("lastJobFinishedAt", job == null ? null : job.finishedAt().map(Instant::toString).orElse(null));
        dep.put("writtenAt", clock.instant().toString());
        store.put(layout.deploymentMetadata(), json(dep).getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        return dep;
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
