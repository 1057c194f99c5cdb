package io.cfgvault.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The schedules of the deployment's EventBridge Scheduler group, as the reconciler reads and writes them. */
public interface ScheduleStore {
    /** A schedule as listed: enough to tell ours (our target) from someone else's. */
    record Listed(String name, String targetArn) {}

    /**
     * A schedule's settings that the reconciler owns.
     *
     * @param timezone  IANA zone the expression is read in ({@code UTC} for cron and rate)
     * @param input     the JSON the target receives (a Scheduled Event naming the schedule)
     */
    record Remote(String name, String expression, String timezone, boolean enabled, String targetArn, String input) {}

    List<Listed> list(String namePrefix);

    Optional<Remote> get(String name);

    /** {@code startDate} anchors rate schedules on their grid (see {@link FireTimes}). */
    void create(Remote schedule, Optional<Instant> startDate);

    void update(Remote schedule, Optional<Instant> startDate);

    void delete(String name);
}
