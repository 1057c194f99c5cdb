package io.cfgvault.jobs;

import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.queue.DeviceTask;
import io.cfgvault.settings.Configuration;
import io.cfgvault.store.Partition;
import io.cfgvault.store.S3Layout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backs up the devices of one queue batch in parallel and counts each into its job. A device already counted
 * for its job (a redelivered message) is skipped, so every device is counted exactly once however often its
 * message arrives. Returns the messages that must come back: those whose outcome could not be recorded.
 */
public final class DeviceWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);

    /** Same as the restore's lock expiry (restore depends on jobs, not the other way round). */
    static final java.time.Duration RESTORE_LOCK_EXPIRY = java.time.Duration.ofMinutes(30);

    /** A device a restore holds: not fetched (a fetch now could store a half-restored config), with the reason. */
    static JobSummary.DeviceOutcome skipped(String device, InventoryStore.RestoreLock lock) {
        return DeviceBackupService.failed(device, DeviceStatus.SKIPPED, "skipped: device is being restored"
                + lock.job().map(j -> " by job " + j).orElse(" by " + lock.actor()) + "; the next backup after the restore fetches it");
    }

    /** A queue message: its id (for partial batch failures) and body. */
    public record Message(String id, String body) {}

    private final DeviceBackupService devices;
    private final InventoryStore inventory;
    private final JobRecorder recorder;
    private final Supplier<Configuration> configuration;
    private final OtherJobs others;

    public DeviceWorker(DeviceBackupService devices, InventoryStore inventory, JobRecorder recorder, Supplier<Configuration> configuration) {
        this(devices, inventory, recorder, configuration, OtherJobs.NONE);
    }

    public DeviceWorker(DeviceBackupService devices, InventoryStore inventory, JobRecorder recorder, Supplier<Configuration> configuration,
                        OtherJobs others) {
        this.devices = devices;
        this.inventory = inventory;
        this.recorder = recorder;
        this.configuration = configuration;
        this.others = others;
    }

    /** Processes a batch; returns the ids of messages to retry. */
    public List<String> process(List<Message> messages) {
        var failed = new ArrayList<String>();
        var byJob = new LinkedHashMap<String, List<Map.Entry<Message, DeviceTask>>>();
        for (Message m : messages) {
            DeviceTask task;
            try {
                task = DeviceTask.fromJson(m.body());
            } catch (IllegalArgumentException e) {
                // A poison message would come back forever; drop it loudly instead (the DLQ is for retries).
                LOG.warn("dropping message {}: {}", m.id(), e.getMessage());
                continue;
            }
            byJob.computeIfAbsent(task.jobId(), k -> new ArrayList<>()).add(Map.entry(m, task));
        }
        Configuration config = byJob.isEmpty() ? null : configuration.get();
        for (var job : byJob.entrySet()) {
            failed.addAll(processJob(job.getKey(), job.getValue(), config));
        }
        return failed;
    }

    private List<String> processJob(String jobId, List<Map.Entry<Message, DeviceTask>> tasks, Configuration config) {
        var record = recorder.jobs().get(jobId);
        if (record.isEmpty() || record.get().finished()) {
            LOG.warn("job {} is {}; skipping {} device messages", jobId, record.map(JobRecord::status).orElse("unknown"), tasks.size());
            return List.of();
        }
        Map<String, String> p = record.get().partition();
        var layout = new S3Layout(new Partition(p.get("accountId"), p.get("region"), p.get("deployment")));
        try {
            if (others.run(jobId, record.get(), layout, config)) {
                return List.of();
            }
        } catch (RuntimeException e) {
            LOG.warn("job {}: could not run: {}", jobId, e.getMessage());
            return tasks.stream().map(t -> t.getKey().id()).toList();
        }
        var entries = new ArrayList<InventoryStore.Entry>();
        var outcomes = new ArrayList<JobSummary.DeviceOutcome>();
        var messageOf = new LinkedHashMap<String, String>();
        var names = tasks.stream().map(t -> t.getValue().device()).toList();
        tasks.forEach(t -> messageOf.put(t.getValue().device(), t.getKey().id()));
        try {
            // Two batched reads per batch instead of two reads per device.
            var done = recorder.jobs().recorded(jobId, names);
            var found = inventory.getAll(names);
            for (String device : names) {
                if (done.contains(device)) {
                    continue;
                }
                var entry = found.get(device);
                if (entry == null) {
                    outcomes.add(DeviceBackupService.failed(device, DeviceStatus.FAILED,
                            "device '" + device + "' is no longer in the inventory"));
                    continue;
                }
                var restoring = entry.restoreLock(java.time.Instant.now(), RESTORE_LOCK_EXPIRY);
                if (restoring.isPresent()) {
                    // a restore is changing this device: a fetch now would store a half-restored config
                    recorder.record(jobId, layout, skipped(device, restoring.get()));
                    continue;
                }
                entries.add(entry);
            }
        } catch (RuntimeException e) {
            LOG.warn("job {}: could not read the batch's state: {}", jobId, e.getMessage());
            return List.copyOf(messageOf.values());
        }
        // Every device of the batch at once: the invocation lasts about as long as its slowest device, not the sum.
        outcomes.addAll(devices.backupEntries(jobId, entries, layout, config, Math.max(1, entries.size())));
        try {
            recorder.recordAll(jobId, layout, outcomes);
        } catch (RuntimeException e) {
            LOG.warn("job {}: could not record {} outcomes, their messages come back: {}", jobId, outcomes.size(), e.getMessage());
            return outcomes.stream().map(o -> messageOf.get(o.device())).toList();
        }
        LOG.info(summary(jobId, outcomes));
        return List.of();
    }

    /** One line per invocation, bounded: counts and at most three failed devices, never configs or secrets. */
    static String summary(String jobId, List<JobSummary.DeviceOutcome> outcomes) {
        long ok = outcomes.stream().filter(JobSummary.DeviceOutcome::ok).count();
        long changed = outcomes.stream().filter(JobSummary.DeviceOutcome::changed).count();
        var failed = outcomes.stream().filter(o -> !o.ok()).limit(3).map(o -> o.device() + " " + o.status()).toList();
        String line = "job " + jobId + ": " + outcomes.size() + " devices, " + ok + " ok (" + changed + " changed), "
                + (outcomes.size() - ok) + " failed" + (failed.isEmpty() ? "" : ": " + String.join(", ", failed)
                + (outcomes.size() - ok > failed.size() ? ", ..." : ""));
        return line.length() > MAX_LOG_LINE ? line.substring(0, MAX_LOG_LINE) + "..." : line;
    }

    /** The longest log line a batch writes; device names are bounded by the inventory's name rules. */
    static final int MAX_LOG_LINE = 400;


}
