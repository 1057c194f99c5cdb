package io.cfgvault.destinations;

/** The commit message of a job's delivery: the job, then one line per device with its line counts. */
final class CommitMessage {
    private static final int LISTED = 200;

    private CommitMessage() {
    }

    static String of(Delivery d) {
        var sb = new StringBuilder();
        int n = d.devices().size();
        sb.append("cfgvault job ").append(d.jobId()).append(": ").append(n).append(n == 1 ? " device" : " devices");
        if (!d.tables().isEmpty()) {
            sb.append(", ").append(d.tables().size()).append(d.tables().size() == 1 ? " table" : " tables");
        }
        sb.append("\n\n");
        d.devices().stream().limit(LISTED).forEach(f -> sb.append(f.device()).append(" +").append(f.linesAdded())
                .append(" -").append(f.linesRemoved()).append('\n'));
        if (n > LISTED) {
            sb.append("... and ").append(n - LISTED).append(" more\n");
        }
        d.tables().forEach(t -> sb.append("table ").append(t.table()).append('\n'));
        sb.append("\nDeployment: ").append(d.deployment()).append('\n');
        return sb.toString();
    }
}
