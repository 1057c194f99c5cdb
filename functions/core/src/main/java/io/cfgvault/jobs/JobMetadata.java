package io.cfgvault.jobs;

import io.cfgvault.store.S3Layout;

/** Port: where job results go for the metadata datasets (a row per changed config, an export when a job ends). */
public interface JobMetadata {

    /** Records one changed config (a first backup included). */
    void recordChange(S3Layout layout, String jobId, String device, String version, String previousVersion,
                      int linesAdded, int linesRemoved);

    /** Writes the deployment's metadata after {@code job} finished. */
    void jobFinished(S3Layout layout, JobRecord job);
}
