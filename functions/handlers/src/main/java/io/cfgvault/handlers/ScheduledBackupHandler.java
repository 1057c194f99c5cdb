package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import java.time.Instant;
import java.util.Map;

/** EventBridge "Scheduled Event" -> one backup job. */
public final class ScheduledBackupHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final BackupJobs jobs;

    public ScheduledBackupHandler() {
        this(LambdaServices.services().backupJobs());
    }

    public ScheduledBackupHandler(BackupJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return Summaries.toMap(handle(event));
    }

    /** The job for one scheduled event; the event's time makes the job id, so a redelivery is the same job. */
    public JobSummary handle(ScheduledEvent event) {
        Instant time = event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : Instant.now();
        return jobs.run(JobRequest.scheduled(time));
    }
}
