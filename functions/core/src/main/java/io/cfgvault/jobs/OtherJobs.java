package io.cfgvault.jobs;

import io.cfgvault.settings.Configuration;
import io.cfgvault.store.S3Layout;

/** Runs queued jobs of another kind than backup (a restore, an export) on the device worker, where the devices are reachable. */
public interface OtherJobs {
    OtherJobs NONE = (jobId, job, layout, config) -> false;

    /** Runs the job when it is of this kind; false when it is not (the worker then backs its devices up). */
    boolean run(String jobId, JobRecord job, S3Layout layout, Configuration config);

    /** This kind first, then {@code next}. */
    default OtherJobs orElse(OtherJobs next) {
        return (jobId, job, layout, config) -> run(jobId, job, layout, config) || next.run(jobId, job, layout, config);
    }
}
