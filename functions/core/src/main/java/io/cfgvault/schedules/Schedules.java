package io.cfgvault.schedules;

import io.cfgvault.jobs.JobRequest;
import io.cfgvault.settings.Configuration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The deployment's schedules as the tables say now, and what one delivered fire should do. Both AWS (EventBridge
 * Scheduler invoking the scheduled function) and {@code serve}'s ticker ask here, so they agree.
 */
public final class Schedules {
    private final Supplier<Configuration> configuration;
    private final ScheduleTable table;
    private final Optional<String> deployZone;
    private final String region;
    private final String defaultExpression;

    /**
     * @param deployZone         the zone the deploy chose ({@code CFGVAULT_TIME_ZONE}), if any
     * @param region             the deployment's region, whose zone is the last default
     * @param defaultExpression  what runs while {@code backup.cron} is unset (the stack's default schedule)
     */
    public Schedules(Supplier<Configuration> configuration, ScheduleTable table, Optional<String> deployZone, String region,
                     String defaultExpression) {
        this.configuration = configuration;
        this.table = table;
        this.deployZone = deployZone;
        this.region = region;
        this.defaultExpression = defaultExpression;
    }

    /** A delivered fire: the entry it is for (empty: {@code backup.cron}), whether the stack's default schedule sent it. */
    public record Fire(Optional<String> entry, boolean stackDefault, Instant time) {
        public static Fire backupCron(Instant time, boolean stackDefault) {
            return new Fire(Optional.empty(), stackDefault, time);
        }

        public static Fire entry(String id, Instant time) {
            return new Fire(Optional.of(id), false, time);
        }

        public String schedule() {
            return entry.orElse(Schedule.BACKUP_CRON);
        }
    }

    /** What a fire does: the job to start, or why nothing starts. */
    /** What a fire does: a backup job ({@code request}), an inventory sync ({@code sync}), or nothing, and why. */
    public record Decision(Optional<JobRequest> request, String reason, Optional<ScheduleEntry.InventorySyncTask> sync) {
        public Decision(Optional<JobRequest> request, String reason) {
            this(request, reason, Optional.empty());
        }

        static Decision run(JobRequest r) {
            return new Decision(Optional.of(r), "due");
        }

        static Decision skip(String why) {
            return new Decision(Optional.empty(), why);
        }
    }

    public ZoneId zone(Configuration config) {
        return TimeZones.resolve(config.get(TimeZones.KEY), deployZone, region);
    }

    public Schedule backupCron(Configuration config) {
        Optional<String> written = config.get(Configuration.BACKUP_CRON);
        ScheduleExpression expression;
        try {
            expression = ScheduleExpression.parse(written.orElse(defaultExpression));
        } catch (IllegalArgumentException e) {
            throw new ScheduleRejected("configuration key '" + Configuration.BACKUP_CRON + "'", "value", e.getMessage());
        }
        return new Schedule(Schedule.BACKUP_CRON, Optional.empty(), expression, zone(config), written.isPresent());
    }

    Schedule of(ScheduleEntry e, ZoneId deploymentZone) {
        return new Schedule(e.id(), Optional.of(e), e.expression(), e.timezone().orElse(deploymentZone), true);
    }

    /** {@code backup.cron} first, then every scheduler entry by id. */
    public List<Schedule> all() {
        Configuration config = configuration.get();
        ZoneId zone = zone(config);
        var out = new ArrayList<Schedule>();
        out.add(backupCron(config));
        for (ScheduleEntry e : table.all()) {
            out.add(of(e, zone));
        }
        return out;
    }

    /**
     * Whether a delivered fire runs a job. It runs only when its schedule exists now, is enabled now and fires at
     * that time by the current expression, so a fire delivered late for a schedule that was disabled or changed
     * meanwhile runs nothing, and nothing missed while disabled is made up later.
     */
    public Decision decide(Fire fire) {
        Configuration config = configuration.get();
        Schedule schedule;
        if (fire.entry().isPresent()) {
            Optional<ScheduleEntry> entry = table.get(fire.entry().get());
            if (entry.isEmpty()) {
                return Decision.skip("scheduler entry '" + fire.entry().get() + "' no longer exists");
            }
            schedule = of(entry.get(), zone(config));
        } else {
            schedule = backupCron(config);
            if (fire.stackDefault() && schedule.configured()) {
                return Decision.skip("backup.cron is set (" + schedule.expression() + "); its own schedule runs the backup");
            }
            if (!fire.stackDefault() && !schedule.configured()) {
                return Decision.skip("backup.cron is unset; the stack's default schedule runs the backup");
            }
            if (!config.getBool(Configuration.SCHEDULE_ALL, true)) {
                return Decision.skip(Configuration.SCHEDULE_ALL + " is false");
            }
        }
        if (!schedule.active()) {
            return Decision.skip(schedule.id() + " is disabled");
        }
        if (!schedule.fires().firesAt(fire.time())) {
            return Decision.skip(fire.time() + " is not a fire time of " + schedule.id() + " (" + schedule.expression() + ")");
        }
        Optional<ScheduleEntry.InventorySyncTask> sync = schedule.entry().flatMap(ScheduleEntry::sync);
        if (sync.isPresent()) {
            return new Decision(Optional.empty(), "due", sync);
        }
        return Decision.run(schedule.request(fire.time().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
    }
}
