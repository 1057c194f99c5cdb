package io.cfgvault.local.cli;

import io.cfgvault.jobs.DeviceProgress;
import io.cfgvault.jobs.JobSummary;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar over devices, on stderr so that stdout stays a clean report. */
final class ProgressReporter implements DeviceProgress, AutoCloseable {
    private ProgressBar bar;
    private int failed;

    @Override
    public synchronized void total(int devices) {
        if (devices > 0) {
            bar = new ProgressBarBuilder().setTaskName("devices").setInitialMax(devices)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public synchronized void finished(JobSummary.DeviceOutcome outcome) {
        if (bar != null) {
            if (!outcome.ok()) {
                failed++;
            }
            bar.step();
            bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
