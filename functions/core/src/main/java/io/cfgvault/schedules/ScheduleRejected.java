package io.cfgvault.schedules;

/** A configuration key or scheduler entry that cannot be scheduled; names the entry (or key) and the field. */
public final class ScheduleRejected extends io.cfgvault.tables.ItemRule.Rejected {
    private final String entry;

    public ScheduleRejected(String entry, String field, String problem) {
        super(field, entry + ", field '" + field + "': " + problem);
        this.entry = entry;
    }

    /** {@code scheduler entry 'nightly'} or {@code configuration key 'backup.cron'}. */
    public String entry() {
        return entry;
    }
}
