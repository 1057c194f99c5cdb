package io.cfgvault.jobs;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.events.EventPublisher;
import io.cfgvault.store.S3Layout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts device outcomes into their job and finishes the job when the last device is in: final status
 * (exactly once, by conditional write), metadata export, completion event, audit entry. Shared by the direct
 * pool path and the queue worker so both behave the same.
 */
public final class JobRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecorder.class);

    private final JobStore jobs;
    private final JobMetadata metadata;
    private final EventPublisher events;
    private final AuditLog audit;
    private final List<AfterJob> afterJob;

    /**
     * A step that runs once a job has finished, in order (write-back to NetBox/Nautobot, delivery to destinations):
     * it reports on the job itself and never fails it; {@code name} is what the log calls it when it throws.
     */
    public record AfterJob(String name, BiConsumer<JobRecord, S3Layout> step) {}

    public JobRecorder(JobStore jobs, JobMetadata metadata, EventPublisher events, AuditLog audit) {
        this(jobs, metadata, events, audit, List.of());
    }

    public JobRecorder(JobStore jobs, JobMetadata metadata, EventPublisher events, AuditLog audit, List<AfterJob> afterJob) {
        this.jobs = jobs;
        this.metadata = metadata;
        this.events = events;
        this.audit = audit;
        this.afterJob = List.copyOf(afterJob);
    }

    public JobStore jobs() {
        return jobs;
    }

    /** Records one device; returns false when it had been recorded before (a redelivery). */
    public boolean record(String jobId, S3Layout layout, JobSummary.DeviceOutcome o) {
        return recordAll(jobId, layout, java.util.List.of(o)).contains(o.device());
    }

    /**
     * Records a batch of devices with one counting transaction (per 99 devices) and one finish check, instead of one of
     * each per device; returns the devices counted now (those recorded before, by a redelivery, are not).
     */
    public java.util.Set<String> recordAll(String jobId, S3Layout layout, java.util.List<JobSummary.DeviceOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return java.util.Set.of();
        }
        var counted = jobs.recordDevices(jobId, outcomes);
        for (JobSummary.DeviceOutcome o : outcomes) {
            if (counted.contains(o.device()) && o.changed() && o.version() != null) {
                try {
                    metadata.recordChange(layout, jobId, o.device(), o.version(), o.previousVersion(), o.linesAdded(), o.linesRemoved());
                } catch (RuntimeException e) {
                    LOG.warn("job {}: change record for {} failed: {}", jobId, o.device(), e.getMessage());
                }
            }
            if (counted.contains(o.device()) && o.changed() && o.previousVersion() != null) {
                var detail = new LinkedHashMap<String, Object>();
                detail.put("jobId", jobId);
                detail.put("deployment", layout.partition().deployment());
                detail.put("device", o.device());
                detail.put("oldVersion", o.previousVersion());
                detail.put("newVersion", o.version());
                detail.put("linesAdded", o.linesAdded());
                detail.put("linesRemoved", o.linesRemoved());
                detail.put("latestKey", o.latestKey());
                publish(EventPublisher.CONFIG_CHANGED, detail);
            }
        }
        finishIfDone(jobId, layout);
        return counted;
    }

    /** Finishes the job if every device is counted; only the caller that wins the conditional write acts. */
    public Optional<JobRecord> finishIfDone(String jobId, S3Layout layout) {
        return jobs.finishIfDone(jobId).map(job -> finished(job, layout));
    }

    /** Fails a job that could not run (store or table unreachable). */
    public void fail(String jobId, S3Layout layout, String error) {
        jobs.fail(jobId, error).ifPresent(job -> finished(job, layout));
    }

    private JobRecord finished(JobRecord job, S3Layout layout) {
        LOG.atInfo().addKeyValue("jobId", job.id()).addKeyValue("step", "finish").addKeyValue("status", job.status())
                .addKeyValue("trigger", job.trigger()).addKeyValue("total", job.total()).addKeyValue("succeeded", job.succeeded())
                .addKeyValue("failed", job.failed()).addKeyValue("changed", job.changed())
                .addKeyValue("error", job.error().orElse("")).log("job {} {}", job.id(), job.status());
        try {
            metadata.jobFinished(layout, job);
        } catch (RuntimeException e) {
            LOG.warn("job {}: metadata export failed: {}", job.id(), e.getMessage());
        }
        for (AfterJob step : afterJob) {
            try {
                // The backups are done and stored whatever NetBox or a Git remote says: a step never fails the job.
                step.step().accept(job, layout);
            } catch (RuntimeException e) {
                LOG.warn("job {}: {} failed: {}", job.id(), step.name(), e.getMessage());
            }
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("jobId", job.id());
        detail.put("deployment", layout.partition().deployment());
        detail.put("status", job.status());
        detail.put("trigger", job.trigger());
        detail.put("counts", Map.of("total", job.total(), "succeeded", job.succeeded(), "failed", job.failed(),
                "changed", job.changed(), "unchanged", job.unchanged()));
        detail.put("startedAt", job.startedAt().toString());
        detail.put("finishedAt", job.finishedAt().map(Object::toString).orElse(null));
        job.error().ifPresent(e -> detail.put("error", e));
        publish(job.status().equals("failed") ? EventPublisher.JOB_FAILED : EventPublisher.JOB_COMPLETED, detail);
        try {
            audit.record(job.actor(), "backup", "job/" + job.id(), job.status(), Map.of(
                    "trigger", job.trigger(), "devices", Integer.toString(job.total()),
                    "failed", Integer.toString(job.failed()), "changed", Integer.toString(job.changed())));
        } catch (RuntimeException e) {
            LOG.warn("job {}: audit entry failed: {}", job.id(), e.getMessage());
        }
        return job;
    }

    private void publish(String type, Map<String, Object> detail) {
        try {
            events.publish(type, detail);
        } catch (RuntimeException e) {
            // An event bus outage must not fail backups; the job record and metadata still tell the story.
            LOG.warn("could not publish '{}' event: {}", type, e.getMessage());
        }
    }
}
