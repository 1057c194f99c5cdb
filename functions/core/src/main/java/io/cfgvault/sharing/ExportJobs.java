package io.cfgvault.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.jobs.DeviceStatus;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.OtherJobs;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.queue.DeviceQueue;
import io.cfgvault.queue.DeviceTask;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exports too large for one API call, as jobs: {@link #start} records the job and queues it, the device worker
 * {@link #runner runs} it (streaming the zip, writing its progress beside it every few hundred devices), and
 * {@link #status} reports the progress and, once done, a presigned link. The job's one task is {@link #TASK}; its
 * selection and progress live in {@code exports/<partition>/<id>.json}, which the exports lifecycle rule expires
 * with the zip.
 */
public final class ExportJobs {
    /** Job ids of exports start with this, so the worker tells them from backups without a read. */
    public static final String PREFIX = "export-";
    /** The job's single queue task (a job's tasks are named like devices). */
    public static final String TASK = "export";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore jobs;
    private final ExportService exports;
    private final ObjectStore store;
    private final LinkSigner signer;
    private final Optional<DeviceQueue> queue;
    private final Clock clock;

    public ExportJobs(JobStore jobs, ExportService exports, ObjectStore store, LinkSigner signer, Optional<DeviceQueue> queue, Clock clock) {
        this.jobs = jobs;
        this.exports = exports;
        this.store = store;
        this.signer = signer;
        this.queue = queue;
        this.clock = clock;
    }

    /** Whether exports can be queued here (a device queue is configured). */
    public boolean available() {
        return queue.isPresent();
    }

    /** Records and queues an export of {@code total} devices; returns its job id (also its export id). */
    public String start(S3Layout layout, ConfigExport.Selection selection, Duration linkExpiry, int total, String actor) {
        DeviceQueue q = queue.orElseThrow(() -> new IllegalStateException("no device queue configured (CFGVAULT_QUEUE_URL)"));
        String id = exports.newId(PREFIX);
        Instant now = clock.instant();
        var partition = Map.of("accountId", layout.partition().accountId(), "region", layout.partition().region(),
                "deployment", layout.partition().deployment());
        jobs.create(id, new JobRequest(Trigger.API, now, false, true,
                new JobRequest.DeviceSelector(selection.devices(), selection.model(), selection.group()), actor), partition);
        var status = new LinkedHashMap<String, Object>();
        status.put("kind", "export");
        status.put("devices", selection.devices());
        status.put("model", selection.model().orElse(null));
        status.put("group", selection.group().orElse(null));
        status.put("asOf", selection.asOf().map(Instant::toString).orElse(null));
        status.put("linkSeconds", linkExpiry.toSeconds());
        status.put("total", total);
        status.put("done", 0);
        write(layout, id, status);
        jobs.start(id, List.of(TASK));
        try {
            q.send(List.of(new DeviceTask(id, TASK)));
        } catch (RuntimeException e) {
            jobs.fail(id, "could not queue the export: " + e.getMessage());
            throw e;
        }
        return id;
    }

    /** The worker's hook: runs export jobs, leaves the others to the next hook. */
    public OtherJobs runner() {
        return (jobId, job, layout, config) -> {
            if (!jobId.startsWith(PREFIX)) {
                return false;
            }
            run(jobId, layout);
            return true;
        };
    }

    @SuppressWarnings("unchecked")
    void run(String jobId, S3Layout layout) {
        if (jobs.recorded(jobId, List.of(TASK)).contains(TASK)) {
            return; // a redelivered message: the export already ran
        }
        Map<String, Object> status = read(layout, jobId).orElseThrow(() -> new IllegalStateException("export " + jobId + " has no status object"));
        var selection = new ConfigExport.Selection((List<String>) status.getOrDefault("devices", List.of()),
                Optional.ofNullable((String) status.get("model")), Optional.ofNullable((String) status.get("group")),
                Optional.ofNullable((String) status.get("asOf")).map(Instant::parse));
        Duration expiry = Duration.ofSeconds(((Number) status.get("linkSeconds")).longValue());
        int total = ((Number) status.get("total")).intValue();
        // A progress write is one small PUT: every 5% (at least 100 devices), so 10,000 devices cost 20 of them.
        int every = Math.max(100, total / 20);
        long started = System.nanoTime();
        JobSummary.DeviceOutcome outcome;
        try {
            var done = exports.create(layout, selection, expiry, jobId, (n, all) -> {
                if (n % every == 0 && n < all) {
                    status.put("done", n);
                    status.put("total", all);
                    write(layout, jobId, status);
                }
            });
            status.put("done", done.result().devices() + done.result().missing().size());
            status.put("exported", done.result().devices());
            status.put("bytes", done.result().bytes());
            status.put("missing", done.result().missing());
            status.put("key", done.key());
            write(layout, jobId, status);
            var fetch = new JobSummary.DeviceOutcome.Fetch(done.result().bytes(), (System.nanoTime() - started) / 1_000_000, 1, List.of());
            outcome = JobSummary.DeviceOutcome.succeeded(TASK, fetch,
                    new JobSummary.DeviceOutcome.Stored(true, done.key(), null, null, null, 0, 0));
        } catch (RuntimeException e) {
            status.put("error", e.getMessage());
            write(layout, jobId, status);
            outcome = JobSummary.DeviceOutcome.failed(TASK, DeviceStatus.FAILED, e.getMessage(), JobSummary.DeviceOutcome.Fetch.NONE);
        }
        jobs.recordDevice(jobId, outcome);
        jobs.finishIfDone(jobId);
    }

    /**
     * An export job as the API shows it: the job's status, {@code progress} (done/total devices) and, once completed,
     * the devices, bytes, missing devices and a fresh presigned {@code url}. Empty for an unknown id.
     */
    public Optional<Map<String, Object>> status(S3Layout layout, String id) {
        if (!id.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<JobRecord> job = jobs.get(id);
        Optional<Map<String, Object>> details = job.isEmpty() ? Optional.empty() : read(layout, id);
        if (job.isEmpty() || details.isEmpty()) {
            return Optional.empty();
        }
        var d = details.get();
        var out = new LinkedHashMap<String, Object>();
        out.put("exportId", id);
        out.put("jobId", id);
        out.put("status", job.get().status());
        out.put("actor", job.get().actor());
        out.put("startedAt", job.get().startedAt().toString());
        job.get().finishedAt().ifPresent(f -> out.put("finishedAt", f.toString()));
        out.put("progress", Map.of("done", d.getOrDefault("done", 0), "total", d.getOrDefault("total", 0)));
        if (d.get("error") != null) {
            out.put("error", d.get("error"));
        }
        if (d.get("key") != null) {
            Duration expiry = Duration.ofSeconds(((Number) d.get("linkSeconds")).longValue());
            out.put("key", d.get("key"));
            out.put("devices", d.get("exported"));
            out.put("bytes", d.get("bytes"));
            out.put("missing", d.get("missing"));
            out.put("url", signer.link((String) d.get("key"), expiry).toString());
            out.put("expiresAt", clock.instant().plus(expiry).toString());
        }
        return Optional.of(out);
    }

    private void write(S3Layout layout, String id, Map<String, Object> status) {
        try {
            store.put(layout.exportStatus(id), JSON.writeValueAsBytes(status), "application/json", Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("export " + id + ": status is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> read(S3Layout layout, String id) {
        return store.open(layout.exportStatus(id)).map(in -> {
            try (InputStream s = in) {
                return (Map<String, Object>) JSON.readValue(s, LinkedHashMap.class);
            } catch (IOException e) {
                throw new UncheckedIOException("export " + id + ": unreadable status", e);
            }
        });
    }
}
