package io.cfgvault.restore;

import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.RestoreLockedException;
import io.cfgvault.jobs.DeviceStatus;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.queue.DeviceQueue;
import io.cfgvault.queue.DeviceTask;
import io.cfgvault.settings.Configuration;
import io.cfgvault.store.S3Layout;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Restore as a job (kind {@code restore} in the jobs table): {@link #start} takes the device's restore lock for the
 * new job and queues it; the device worker, which can reach the device, {@link #run}s it. One device per job; a
 * second restore of the same device is refused while the lock is held.
 */
public final class RestoreJobs {
    private final JobStore jobs;
    private final InventoryStore inventory;
    private final Optional<DeviceQueue> queue;
    private final Clock clock;

    public RestoreJobs(JobStore jobs, InventoryStore inventory, Optional<DeviceQueue> queue, Clock clock) {
        this.jobs = jobs;
        this.inventory = inventory;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Creates and queues a restore job.
     *
     * @throws IllegalArgumentException for an unknown device (nothing created)
     * @throws RestoreLockedException   while another restore holds the device (nothing created)
     */
    public String start(String device, String version, boolean dryRun, String actor, S3Layout layout) {
        DeviceQueue q = queue.orElseThrow(() -> new IllegalStateException("no device queue configured (CFGVAULT_QUEUE_URL)"));
        if (inventory.get(device).isEmpty()) {
            throw new IllegalArgumentException("device '" + device + "' is not in the inventory");
        }
        String id = "restore-" + S3Layout.version(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        inventory.lockRestore(device, "job " + id + " (" + actor + ")", Optional.of(id), clock.instant(), RestoreService.LOCK_EXPIRY);
        try {
            var partition = Map.of("accountId", layout.partition().accountId(), "region", layout.partition().region(),
                    "deployment", layout.partition().deployment());
            jobs.create(id, new JobRequest(Trigger.API, clock.instant(), false, true,
                    new JobRequest.DeviceSelector(List.of(device), Optional.empty(), Optional.empty()), actor), partition);
            jobs.setRestore(id, Map.of("kind", "restore", "device", device, "version", version, "dryRun", dryRun));
            jobs.start(id, List.of(device));
            q.send(List.of(new DeviceTask(id, device)));
            return id;
        } catch (RuntimeException e) {
            inventory.unlockRestore(device);
            jobs.fail(id, "could not queue the restore: " + e.getMessage());
            throw e;
        }
    }

    /** The worker's hook: runs restore jobs with {@code restores}, leaves backup jobs to the worker. */
    public io.cfgvault.jobs.OtherJobs runner(RestoreService restores) {
        return (jobId, job, layout, config) -> {
            if (jobs.restore(jobId).isEmpty()) {
                return false;
            }
            run(restores, jobId, job, layout, config);
            return true;
        };
    }

    /** Runs a queued restore job on the worker and records its outcome, steps and final status. */
    public void run(RestoreService restores, String jobId, JobRecord job, S3Layout layout, Configuration config) {
        Map<String, Object> params = jobs.restore(jobId).orElseThrow();
        String device = (String) params.get("device");
        if (jobs.recorded(jobId, List.of(device)).contains(device)) {
            return;   // a redelivered message: the restore already ran
        }
        var result = new LinkedHashMap<String, Object>(params);
        JobSummary.DeviceOutcome outcome;
        try {
            RestoreService.Outcome o = restores.restore(layout, config, new RestoreService.Request(device, (String) params.get("version"),
                    !Boolean.TRUE.equals(params.get("dryRun")), job.actor(), Optional.of(jobId)));
            boolean ok = o.result() == RestoreService.Result.RESTORED || o.result() == RestoreService.Result.UNCHANGED
                    || o.result() == RestoreService.Result.DRY_RUN;
            result.put("result", o.result().name().toLowerCase(Locale.ROOT));
            if (o.cause() != null) {
                result.put("cause", o.cause().name().toLowerCase(Locale.ROOT));
            }
            result.put("restoredVersion", o.version());
            if (o.preRestore() != null) {
                result.put("preRestoreVersion", o.preRestore());
            }
            result.put("message", o.message());
            result.put("linesAdded", o.linesAdded());
            result.put("linesRemoved", o.linesRemoved());
            if (!o.applied() && !o.diff().isBlank() && o.result() == RestoreService.Result.DRY_RUN) {
                result.put("diff", o.diff());
            }
            result.put("steps", o.steps().stream().map(s -> Map.of("atMillis", s.atMillis(), "step", s.step(), "detail", s.detail()))
                    .toList());
            var fetch = new JobSummary.DeviceOutcome.Fetch(0, 0, 1, o.steps().stream().map(s -> s.step() + ": " + s.detail()).toList());
            outcome = ok ? JobSummary.DeviceOutcome.succeeded(device, fetch, new JobSummary.DeviceOutcome.Stored(
                    o.result() == RestoreService.Result.RESTORED, null, null, o.preRestore(), o.version(), o.linesAdded(), o.linesRemoved()))
                    : JobSummary.DeviceOutcome.failed(device, DeviceStatus.FAILED, o.message(), fetch);
        } catch (RestoreLockedException e) {
            result.put("result", "failed");
            result.put("message", e.getMessage());
            outcome = JobSummary.DeviceOutcome.failed(device, DeviceStatus.FAILED, e.getMessage(), JobSummary.DeviceOutcome.Fetch.NONE);
        } catch (RuntimeException e) {
            // unknown version, platform without automatic restore: nothing was touched
            inventory.unlockRestore(device);
            result.put("result", "failed");
            result.put("message", e.getMessage());
            outcome = JobSummary.DeviceOutcome.failed(device, DeviceStatus.FAILED, e.getMessage(), JobSummary.DeviceOutcome.Fetch.NONE);
        }
        jobs.setRestore(jobId, result);
        jobs.recordDevice(jobId, outcome);
        jobs.finishIfDone(jobId);
    }

    /** Restore jobs, newest first. */
    public List<Map<String, Object>> list(int limit) {
        return jobs.restores(limit);
    }
}
