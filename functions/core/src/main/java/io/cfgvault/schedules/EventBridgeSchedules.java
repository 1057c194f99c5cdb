package io.cfgvault.schedules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;

/** {@link ScheduleStore} on EventBridge Scheduler: one schedule group owned by the deployment, one invoke role. */
public final class EventBridgeSchedules implements ScheduleStore {
    private final SchedulerClient client;
    private final String group;
    private final String roleArn;

    public EventBridgeSchedules(SchedulerClient client, String group, String roleArn) {
        this.client = client;
        this.group = group;
        this.roleArn = roleArn;
    }

    @Override
    public List<Listed> list(String namePrefix) {
        var out = new ArrayList<Listed>();
        for (var s : client.listSchedulesPaginator(b -> b.groupName(group).namePrefix(namePrefix)).schedules()) {
            out.add(new Listed(s.name(), s.target() == null ? "" : s.target().arn()));
        }
        return out;
    }

    @Override
    public Optional<Remote> get(String name) {
        try {
            var s = client.getSchedule(b -> b.groupName(group).name(name));
            return Optional.of(new Remote(s.name(), s.scheduleExpression(),
                    s.scheduleExpressionTimezone() == null ? "UTC" : s.scheduleExpressionTimezone(),
                    s.state() == ScheduleState.ENABLED, s.target().arn(), s.target().input()));
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
    }

    private Target target(Remote r) {
        // Retries stay within the hour: a fire delivered later than that is of no use to anyone.
        return Target.builder().arn(r.targetArn()).roleArn(roleArn).input(r.input())
                .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(3600)).build();
    }

    @Override
    public void create(Remote r, Optional<Instant> startDate) {
        client.createSchedule(b -> b.groupName(group).name(r.name()).scheduleExpression(r.expression())
                .scheduleExpressionTimezone(r.timezone()).state(r.enabled() ? ScheduleState.ENABLED : ScheduleState.DISABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(target(r))
                .description("managed by cfgvault from the configuration and scheduler tables; edits here are overwritten")
                .startDate(startDate.orElse(null)));
    }

    @Override
    public void update(Remote r, Optional<Instant> startDate) {
        client.updateSchedule(b -> b.groupName(group).name(r.name()).scheduleExpression(r.expression())
                .scheduleExpressionTimezone(r.timezone()).state(r.enabled() ? ScheduleState.ENABLED : ScheduleState.DISABLED)
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF)).target(target(r))
                .description("managed by cfgvault from the configuration and scheduler tables; edits here are overwritten")
                .startDate(startDate.orElse(null)));
    }

    @Override
    public void delete(String name) {
        try {
            client.deleteSchedule(b -> b.groupName(group).name(name));
        } catch (ResourceNotFoundException gone) {
            // already gone: the plan's goal is met
        }
    }
}
