package io.cfgvault.local.cli;

import io.cfgvault.jobs.JobSummary;
import io.cfgvault.tables.TableExporter;
import java.io.PrintStream;

/** Prints a job summary as tables a person can read: one line per table, one per device. */
final class Report {
    private Report() {}

    static void print(JobSummary summary, PrintStream out) {
        out.printf("job %s: %s%n", summary.jobId(), summary.status());
        if (!summary.tables().isEmpty()) {
            out.printf("  %-14s %7s %9s  %-9s  %s%n", "TABLE", "ITEMS", "BYTES", "CHANGE", "S3 KEY");
            for (TableExporter.Result t : summary.tables()) {
                out.printf("  %-14s %7d %9d  %-9s  %s%n", t.table(), t.items(), t.bytes(),
                        t.changed() ? "changed" : "unchanged", t.latestKey());
                if (t.changed()) {
                    out.printf("  %-14s %7s %9s  %-9s  %s%n", "", "", "", "archived", t.archiveKey());
                }
            }
        }
        if (!summary.devices().isEmpty()) {
            out.printf("  %-22s %-12s %9s  %-9s %8s  %s%n", "DEVICE", "STATUS", "BYTES", "CHANGE", "TIME", "ERROR");
            for (JobSummary.DeviceOutcome d : summary.devices()) {
                out.printf("  %-22s %-12s %9d  %-9s %7.1fs  %s%n", d.device(), d.status(), d.bytes(),
                        d.ok() ? (d.changed() ? "changed" : "unchanged") : "-", d.durationMillis() / 1000.0,
                        d.error() == null ? "" : d.error());
            }
            long failed = summary.failedDevices();
            out.printf("  %d devices: %d ok (%d changed), %d failed%n", summary.devices().size(),
                    summary.devices().size() - failed, summary.devices().stream().filter(JobSummary.DeviceOutcome::changed).count(), failed);
        }
    }
}
