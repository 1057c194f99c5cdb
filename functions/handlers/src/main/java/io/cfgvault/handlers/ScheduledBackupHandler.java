package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.ScheduleTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EventBridge "Scheduled Event" -> the jobs of one schedule tick: the full backup plus the scheduler-table
 * entries that fell due. With a device queue (AWS, and locally with ElasticMQ) it returns once tables are
 * exported and devices queued; without one it backs the devices up itself and returns the full job's summary.
 */
public final class ScheduledBackupHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final BackupJobs jobs;
    private final Optional<ScheduleTable> schedules;

    public ScheduledBackupHandler() {
        this(LambdaServices.services().backupJobs(), LambdaServices.services().scheduleTable());
    }

    public ScheduledBackupHandler(BackupJobs jobs, ScheduleTable schedules) {
        this.jobs = jobs;
        this.schedules = Optional.of(schedules);
    }

    /** Only the full backup of each tick, for callers without a scheduler table. */
    public ScheduledBackupHandler(BackupJobs jobs) {
        this.jobs = jobs;
        this.schedules = Optional.empty();
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        // The event's time makes the job ids, so a redelivered event finds the same jobs and starts nothing.
        Instant time = event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : Instant.now();
        if (schedules.isEmpty() && !jobs.queued()) {
            return Summaries.toMap(jobs.run(JobRequest.scheduled(time)));
        }
        List<BackupJobs.JobStart> started = schedules.isPresent() ? jobs.tick(time, schedules.get())
                : List.of(jobs.start(JobRequest.scheduled(time)));
        var out = new LinkedHashMap<String, Object>();
        out.put("jobId", started.isEmpty() ? null : started.get(0).jobId());
        out.put("created", !started.isEmpty() && started.get(0).created());
        out.put("jobs", started.stream().map(s -> Map.of("jobId", (Object) s.jobId(), "created", s.created())).toList());
        return out;
    }
}
