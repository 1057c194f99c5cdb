package io.cfgvault.jobs;

import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.queue.DeviceQueue;
import io.cfgvault.queue.DeviceTask;
import io.cfgvault.settings.Configuration;
import io.cfgvault.settings.PartitionResolver;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableExporter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs backup jobs: create the job (idempotent for scheduled runs), export the application tables, then back up
 * the selected devices either through the queue ({@link #start}, as in AWS) or in this process with a bounded
 * pool ({@link #run}, the CLI). Both count devices through the same {@link JobRecorder}.
 */
public final class BackupJobs {
    private final Supplier<Configuration> configuration;
    private final PartitionResolver partitions;
    private final TableExporter exporter;
    private final JobRecorder recorder;
    private final InventoryStore inventory;
    private final Optional<DeviceBackupService> devices;
    private final Optional<DeviceQueue> queue;
    private final Clock clock;
    private final EndpointNames endpoints;

    /** Names the service endpoints in errors, e.g. {@code dynamodb -> http://127.0.0.1:8000}. */
    @FunctionalInterface
    public interface EndpointNames {
        String describe(String serviceId);
    }

    /** The job a request started; {@code created} is false when it already existed (a redelivered event). */
    public record JobStart(String jobId, boolean created) {}

    public BackupJobs(Supplier<Configuration> configuration, PartitionResolver partitions, TableExporter exporter,
                      JobRecorder recorder, InventoryStore inventory, Optional<DeviceBackupService> devices,
                      Optional<DeviceQueue> queue, Clock clock, EndpointNames endpoints) {
        this.configuration = configuration;
        this.partitions = partitions;
        this.exporter = exporter;
        this.recorder = recorder;
        this.inventory = inventory;
        this.devices = devices;
        this.queue = queue;
        this.clock = clock;
        this.endpoints = endpoints;
    }

    public boolean queued() {
        return queue.isPresent();
    }

    /** Starts a job the way this deployment runs them: through the queue when one is configured, else in this process. */
    public JobStart submit(JobRequest request) {
        return queue.isPresent() ? start(request) : runDirect(request);
    }

    /** Finishes jobs older than {@code jobs.staleAfter} (default two hours) that never got all their results. */
    public void closeStale(java.time.Instant now) {
        Configuration config = guarded("dynamodb", "reading the configuration table", configuration::get);
        closeStale(now, config.getDuration(Configuration.JOBS_STALE_AFTER, java.time.Duration.ofHours(2)));
    }

    /**
     * Finishes jobs that have waited longer than {@code staleAfter} for devices whose messages never produced
     * a result (a worker that died on every delivery until the message went to the dead-letter queue). Those
     * devices are counted as failed, so a job never stays "running" forever and its metadata and events follow.
     */
    void closeStale(java.time.Instant now, java.time.Duration staleAfter) {
        for (JobRecord job : recorder.jobs().list(200)) {
            if (job.finished() || !job.startedAt().plus(staleAfter).isBefore(now)) {
                continue;
            }
            var p = job.partition();
            var layout = new S3Layout(new io.cfgvault.store.Partition(p.get("accountId"), p.get("region"), p.get("deployment")));
            if (job.status().equals("queued")) {
                recorder.fail(job.id(), layout, "the orchestrator stopped before queueing the devices; closed after " + staleAfter);
                continue;
            }
            String reason = "no result within " + staleAfter.toMinutes() + " minutes: the worker never reported this device"
                    + " (its message is probably in the dead-letter queue)";
            for (var result : recorder.jobs().deviceResults(job.id())) {
                if ("pending".equals(result.get("status"))) {
                    recorder.record(job.id(), layout, DeviceBackupService.failed((String) result.get("device"), DeviceStatus.NO_RESULT, reason));
                }
            }
            recorder.finishIfDone(job.id(), layout);
        }
    }

    /**
     * Refuses, before a job exists, a selection that names devices the inventory does not hold or that matches no
     * enabled device. Selecting every device is never refused (an empty inventory makes an empty job).
     */
    public void checkSelection(JobRequest.DeviceSelector selector) {
        if (!selector.narrowed()) {
            return;
        }
        List<InventoryStore.Entry> all = guarded("dynamodb", "reading the inventory", inventory::list);
        var known = new java.util.HashSet<String>();
        all.forEach(e -> known.add(e.device().name()));
        List<String> unknown = selector.names().stream().filter(n -> !known.contains(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new SelectionRejected(SelectionRejected.Reason.UNKNOWN_DEVICES, (unknown.size() == 1
                    ? "device '" + unknown.get(0) + "' is"
                    : "devices " + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList()) + " are")
                    + " not in the inventory; nothing was started (GET /devices lists the known devices)", unknown);
        }
        if (all.stream().noneMatch(e -> selector.selects(e.device()))) {
            throw new SelectionRejected(SelectionRejected.Reason.NO_MATCH,
                    "no enabled device matches " + selector.describe() + "; nothing was started", List.of());
        }
    }

    /** The stack's default schedule: hourly, on the hour (UTC). */
    public static final String DEFAULT_CRON = "cron(0 * * * ? *)";

    /**
     * Queue path: returns once tables are exported and devices are enqueued; workers finish the job. The inventory is
     * read one scan page at a time and each page is recorded and queued before the next is read, so the
     * orchestrator's memory does not grow with the number of devices.
     */
    public JobStart start(JobRequest request) {
        DeviceQueue q = queue.orElseThrow(() -> new IllegalStateException("no device queue configured (CFGVAULT_QUEUE_URL)"));
        Prepared p = prepare(request, false);
        if (p.skip()) {
            return new JobStart(p.jobId(), false);
        }
        try {
            int total = 0;
            int chunks = 0;
            if (request.devices()) {
                for (List<InventoryStore.Entry> page : guarded("dynamodb", "reading the inventory", inventory::pages)) {
                    List<String> names = page.stream().filter(e -> request.selector().selects(e.device()))
                            .map(e -> e.device().name()).toList();
                    if (names.isEmpty()) {
                        continue;
                    }
                    recorder.jobs().addDevices(p.jobId(), chunks++, names);
                    guarded("sqs", "queueing " + names.size() + " devices",
                            () -> { q.send(names.stream().map(n -> new DeviceTask(p.jobId(), n)).toList()); return null; });
                    total += names.size();
                }
            }
            recorder.jobs().start(p.jobId(), total, chunks);
            // Workers may have counted every device while the job was still queued; then this call finishes it.
            recorder.finishIfDone(p.jobId(), p.layout());
        } catch (RuntimeException e) {
            recorder.fail(p.jobId(), p.layout(), e.getMessage());
            throw e;
        }
        return new JobStart(p.jobId(), true);
    }

    /** Direct path: backs up every selected device in this process and returns when the job is finished. */
    public JobSummary run(JobRequest request) {
        return recorder.jobs().summary(runDirect(request).jobId());
    }

    private JobStart runDirect(JobRequest request) {
        Prepared p = prepare(request, true);
        if (!p.skip()) {
            try {
                List<String> names = p.selected().stream().map(e -> e.device().name()).toList();
                recorder.jobs().start(p.jobId(), names);
                if (!names.isEmpty()) {
                    DeviceBackupService service = devices.orElseThrow(() -> new IllegalStateException("device backup is not configured"));
                    DeviceProgress recording = new DeviceProgress() {
                        @Override
                        public void finished(JobSummary.DeviceOutcome outcome) {
                            recorder.record(p.jobId(), p.layout(), outcome);
                        }
                    };
                    var fetch = new java.util.ArrayList<InventoryStore.Entry>();
                    for (InventoryStore.Entry e : p.selected()) {
                        var restoring = e.restoreLock(java.time.Instant.now(), DeviceWorker.RESTORE_LOCK_EXPIRY);
                        if (restoring.isPresent()) {
                            recorder.record(p.jobId(), p.layout(), DeviceWorker.skipped(e.device().name(), restoring.get()));
                        } else {
                            fetch.add(e);
                        }
                    }
                    service.withProgress(DeviceProgress.both(recording, service.progress()))
                            .backupEntries(p.jobId(), fetch, p.layout(), p.config());
                }
                recorder.finishIfDone(p.jobId(), p.layout());
            } catch (RuntimeException e) {
                recorder.fail(p.jobId(), p.layout(), e.getMessage());
                throw e;
            }
        }
        return new JobStart(p.jobId(), !p.skip());
    }

    private record Prepared(String jobId, S3Layout layout, Configuration config, List<InventoryStore.Entry> selected, boolean skip) {}

    private Prepared prepare(JobRequest request, boolean select) {
        Configuration config = guarded("dynamodb", "reading the configuration table", configuration::get);
        S3Layout layout = new S3Layout(partitions.resolve(config));
        String jobId = jobId(request, layout);
        var partition = Map.of("accountId", layout.partition().accountId(), "region", layout.partition().region(),
                "deployment", layout.partition().deployment());
        boolean created = guarded("dynamodb", "creating job " + jobId, () -> recorder.jobs().create(jobId, request, partition));
        if (!created && recorder.jobs().get(jobId).map(j -> !j.status().equals("queued")).orElse(true)) {
            // A redelivered scheduled event: the job exists and got past queueing, so there is nothing to do.
            return new Prepared(jobId, layout, config, List.of(), true);
        }
        try {
            var tables = new ArrayList<TableExporter.Result>();
            if (request.tables()) {
                for (AppTable table : AppTable.exported()) {
                    tables.add(guarded(null, "exporting table " + table.logicalName(), () -> exporter.export(table, layout, request.time())));
                }
            }
            recorder.jobs().setTables(jobId, tables);
            List<InventoryStore.Entry> selected = select && request.devices() && devices.isPresent()
                    ? guarded("dynamodb", "reading the inventory", inventory::list).stream()
                            .filter(e -> request.selector().selects(e.device())).toList()
                    : List.of();
            return new Prepared(jobId, layout, config, selected, false);
        } catch (RuntimeException e) {
            recorder.fail(jobId, layout, e.getMessage());
            throw e;
        }
    }

    /** Schedule-triggered jobs get a deterministic id so a redelivered event finds the same job. */
    static String jobId(JobRequest request, S3Layout layout) {
        String stamp = S3Layout.version(request.time());
        return request.trigger() == Trigger.SCHEDULE
                ? "sched-" + layout.partition().deployment() + request.schedule().map(id -> "-" + id).orElse("") + "-" + stamp
                : request.trigger().name().toLowerCase(java.util.Locale.ROOT) + "-" + stamp + "-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private <T> T guarded(String service, String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (SdkClientException e) {
            String where = service != null ? endpoints.describe(service)
                    : "S3 " + endpoints.describe("s3") + " / DynamoDB " + endpoints.describe("dynamodb");
            throw new BackupFailedException(what + " failed: could not reach " + where + " after "
                    + io.cfgvault.aws.AwsClients.MAX_ATTEMPTS + " attempts (" + rootMessage(e)
                    + "). Check the endpoint settings (AWS_ENDPOINT_URL*, AWS_REGION) and network access.", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
