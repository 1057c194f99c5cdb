package io.cfgvault.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the deployment's EventBridge Scheduler group match the tables: one schedule for {@code backup.cron} (once
 * it is set; until then the stack's default schedule runs the backup) and one per scheduler entry, enabled or
 * disabled as written. It only ever touches schedules it made: names starting with {@value #PREFIX} whose target
 * is this deployment's scheduled function. Anything else in the group is left alone.
 */
public final class ScheduleReconciler {
    public static final String PREFIX = "cfgvault-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schedules schedules;
    private final ScheduleStore store;
    private final String targetArn;
    private final Clock clock;

    public ScheduleReconciler(Schedules schedules, ScheduleStore store, String targetArn, Clock clock) {
        this.schedules = schedules;
        this.store = store;
        this.targetArn = targetArn;
        this.clock = clock;
    }

    public enum Action { CREATE, UPDATE, DELETE }

    /** One step of the plan; {@code schedule} is the desired state (empty for a delete). */
    public record Change(Action action, String name, Optional<ScheduleStore.Remote> schedule, Optional<Instant> startDate) {}

    /** The Scheduler name of a schedule: {@code cfgvault-backup-cron} or {@code cfgvault-entry-<id>}. */
    public static String name(Schedule s) {
        return s.entry().isPresent() ? PREFIX + "entry-" + s.id() : PREFIX + "backup-cron";
    }

    /**
     * What has to change, without changing anything.
     *
     * @throws ScheduleRejected when a table holds a schedule that cannot be scheduled (nothing is planned then)
     */
    public List<Change> plan() {
        List<Schedule> wanted = schedules.all();
        Set<String> ours = new HashSet<>();
        for (ScheduleStore.Listed listed : store.list(PREFIX)) {
            if (listed.targetArn().equals(targetArn)) {
                ours.add(listed.name());
            }
        }
        var changes = new ArrayList<Change>();
        var keep = new HashSet<String>();
        for (Schedule s : wanted) {
            if (s.entry().isEmpty() && !s.configured()) {
                continue; // the stack's default schedule runs backup.cron until someone writes the key
            }
            String name = name(s);
            Optional<ScheduleStore.Remote> current = ours.contains(name) ? store.get(name) : Optional.empty();
            Optional<ScheduleStore.Remote> desired = desired(s, name, current);
            if (desired.isEmpty()) {
                continue;
            }
            keep.add(name);
            Optional<Instant> start = s.expression().kind() == ScheduleExpression.Kind.RATE
                    ? s.fires().nextAfter(clock.instant()) : Optional.empty();
            if (current.isEmpty()) {
                changes.add(new Change(Action.CREATE, name, desired, start));
            } else if (!current.get().equals(desired.get())) {
                changes.add(new Change(Action.UPDATE, name, desired, start));
            }
        }
        for (String name : ours.stream().sorted().toList()) {
            if (!keep.contains(name)) {
                changes.add(new Change(Action.DELETE, name, Optional.empty(), Optional.empty()));
            }
        }
        return changes;
    }

    /** Plans and applies; returns what it changed. */
    public List<Change> reconcile() {
        List<Change> plan = plan();
        for (Change c : plan) {
            switch (c.action()) {
                case CREATE -> store.create(c.schedule().orElseThrow(), c.startDate());
                case UPDATE -> store.update(c.schedule().orElseThrow(), c.startDate());
                case DELETE -> store.delete(c.name());
            }
        }
        return plan;
    }

    private Optional<ScheduleStore.Remote> desired(Schedule s, String name, Optional<ScheduleStore.Remote> current) {
        if (s.expression().disabled()) {
            // "disabled" has no expression of its own: keep the last one, switched off; nothing to create.
            return current.map(c -> new ScheduleStore.Remote(name, c.expression(), c.timezone(), false, targetArn, input(s)));
        }
        String zone = s.evaluatedIn() instanceof ZoneOffset ? "UTC" : s.evaluatedIn().getId();
        return Optional.of(new ScheduleStore.Remote(name, s.expression().schedulerExpression(), zone, s.active(), targetArn, input(s)));
    }

    /**
     * The Scheduled Event the function receives; Scheduler fills in the {@code <aws.scheduler.*>} context
     * attributes, so {@code time} is the scheduled time (the job id's stamp), not the delivery time.
     */
    static String input(Schedule s) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "0");
        event.put("id", "<aws.scheduler.execution-id>");
        event.put("detail-type", "Scheduled Event");
        event.put("source", "cfgvault.scheduler");
        event.put("time", "<aws.scheduler.scheduled-time>");
        event.put("resources", List.of("<aws.scheduler.schedule-arn>"));
        var detail = new LinkedHashMap<String, String>(); // a stable order: the reconciler compares inputs as text
        if (s.entry().isPresent()) {
            detail.put("entry", s.id());
        } else {
            detail.put("key", Schedule.BACKUP_CRON);
            detail.put("origin", "reconciler");
        }
        event.put("detail", detail);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
