package io.cfgvault.jobs;

/** Hears about devices as a job works through them (CLI progress bar, job table counters). */
public interface DeviceProgress {
    DeviceProgress NONE = new DeviceProgress() {};

    default void total(int devices) {}

    default void finished(JobSummary.DeviceOutcome outcome) {}

    /** Both listeners, in order. */
    static DeviceProgress both(DeviceProgress first, DeviceProgress second) {
        return new DeviceProgress() {
            @Override
            public void total(int devices) {
                first.total(devices);
                second.total(devices);
            }

            @Override
            public void finished(JobSummary.DeviceOutcome outcome) {
                first.finished(outcome);
                second.finished(outcome);
            }
        };
    }
}
