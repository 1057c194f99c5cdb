package io.cfgvault.jobs;

import io.cfgvault.settings.Configuration;
import io.cfgvault.store.S3Layout;
import java.util.List;

/** Backs up the devices a job selected; the job orchestration calls it after the table exports. */
public interface DeviceBackups {
    List<JobSummary.DeviceOutcome> backup(String jobId, JobRequest request, S3Layout layout, Configuration configuration);
}
