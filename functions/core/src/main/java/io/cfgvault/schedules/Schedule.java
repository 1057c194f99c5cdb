package io.cfgvault.schedules;

import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One schedule of the deployment: {@code backup.cron} (the full backup) or a scheduler entry.
 *
 * @param id          {@code backup.cron}, or the entry's id
 * @param entry       the scheduler entry, empty for {@code backup.cron}
 * @param expression  as written (for {@code backup.cron} left unset: the deploy's default schedule)
 * @param zone        the zone localcron is read in (the entry's own, else the deployment's)
 * @param configured  false when {@code backup.cron} is unset and the stack's default schedule runs it
 */
public record Schedule(String id, Optional<ScheduleEntry> entry, ScheduleExpression expression, ZoneId zone, boolean configured) {
    public static final String BACKUP_CRON = "backup.cron";

    /** Fires on its own: not disabled, and the entry (if any) is enabled. */
    public boolean active() {
        return !expression.disabled() && entry.map(ScheduleEntry::enabled).orElse(true);
    }

    public String state() {
        return active() ? "ENABLED" : "DISABLED";
    }

    /** The zone the expression is evaluated in: UTC for cron and rate, {@link #zone} for localcron. */
    public ZoneId evaluatedIn() {
        return expression.zone(zone);
    }

    public FireTimes fires() {
        return expression.in(zone);
    }

    /** The job of the fire at {@code time}; its id derives from schedule and time, so a redelivery finds it. */
    public JobRequest request(Instant time) {
        return entry.map(e -> new JobRequest(Trigger.SCHEDULE, time, e.tables(), true, e.selector(), "scheduler", Optional.of(e.id())))
                .orElseGet(() -> JobRequest.scheduled(time));
    }
}
