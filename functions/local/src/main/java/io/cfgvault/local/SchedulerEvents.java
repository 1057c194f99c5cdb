package io.cfgvault.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.schedules.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/** The Scheduled Event that EventBridge Scheduler delivers for one fire of a schedule (the reconciler's target input). */
public final class SchedulerEvents {
    private SchedulerEvents() {
    }

    public static ScheduledEvent fire(Schedule schedule, Instant time) {
        var event = new ScheduledEvent();
        event.setTime(new DateTime(time.toEpochMilli(), DateTimeZone.UTC));
        event.setDetailType("Scheduled Event");
        event.setSource("cfgvault.scheduler");
        event.setResources(List.of("local:schedule/" + schedule.id()));
        event.setDetail(schedule.entry().isPresent() ? Map.of("entry", schedule.id())
                : Map.of("key", Schedule.BACKUP_CRON, "origin", schedule.configured() ? "reconciler" : "stack"));
        return event;
    }
}
