package io.cfgvault.local.cli;

import io.cfgvault.local.EmbeddedAws;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints a job summary as a table a person can read. */
final class Report {
    private Report() {}

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> summary, EmbeddedAws aws, PrintStream out) {
        out.printf("job %s: %s%n", summary.get("jobId"), summary.get("status"));
        var tables = (List<Map<String, Object>>) summary.get("tables");
        if (!tables.isEmpty()) {
            out.printf("  %-14s %7s %9s  %-9s  %s%n", "TABLE", "ITEMS", "BYTES", "CHANGE", "S3 KEY");
            for (var t : tables) {
                boolean changed = (Boolean) t.get("changed");
                out.printf("  %-14s %7d %9d  %-9s  %s%n", t.get("table"), (Long) t.get("items"), (Long) t.get("bytes"),
                        changed ? "changed" : "unchanged", t.get("latestKey"));
                if (changed) {
                    out.printf("  %-14s %7s %9s  %-9s  %s%n", "", "", "", "archived", t.get("archiveKey"));
                }
            }
        }
        if (aws != null) {
            out.println("objects are plain files under " + aws.dataDir().resolve("s3").resolve(EmbeddedAws.BUCKET));
        }
    }
}
