package io.cfgvault.jobs;

/** Hears about devices as a job works through them (CLI progress bar, job table counters). */
public interface DeviceProgress {
    DeviceProgress NONE = new DeviceProgress() {};

    default void total(int devices) {}

    default void finished(JobSummary.DeviceOutcome outcome) {}
}
