package io.cfgvault.local.cli;

import io.cfgvault.jobs.DeviceProgress;
import io.cfgvault.jobs.JobSummary;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress over devices on stderr, so that stdout stays a clean report: a redrawn bar on a terminal, and on anything
 * else (a log, a pipe) a plain line at every tenth of the devices, never carriage-return frames.
 */
final class ProgressReporter implements DeviceProgress, AutoCloseable {
    private final boolean terminal;
    private final java.io.PrintStream err;
    private ProgressBar bar;
    private int failed;
    private int total;
    private int done;
    private int lastTenth;

    ProgressReporter() {
        // scripts/cfgvault knows whether fd 2 is a terminal ([ -t 2 ]); the JVM alone cannot tell for stderr
        this(Boolean.parseBoolean(System.getProperty("cfgvault.stderrTty", "false")), System.err);
    }

    ProgressReporter(boolean terminal, java.io.PrintStream err) {
        this.terminal = terminal;
        this.err = err;
    }

    @Override
    public synchronized void total(int devices) {
        total = devices;
        if (devices > 0 && terminal) {
            bar = new ProgressBarBuilder().setTaskName("devices").setInitialMax(devices)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }
    }

    @Override
    public synchronized void finished(JobSummary.DeviceOutcome outcome) {
        if (!outcome.ok()) {
            failed++;
        }
        done++;
        if (!terminal && total > 0 && done * 10 / total > lastTenth) {
            lastTenth = done * 10 / total;
            err.printf("devices: %d/%d done%s%n", done, total, failed == 0 ? "" : ", " + failed + " failed");
        }
        if (bar != null) {
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
