package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge "Scheduled Event" -> one backup job. With a device queue (AWS, and locally with ElasticMQ) it
 * returns once tables are exported and devices queued; without one it backs the devices up itself.
 */
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
        // The event's time makes the job id, so a redelivered event finds the same job and starts nothing.
        Instant time = event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : Instant.now();
        JobRequest request = JobRequest.scheduled(time);
        if (jobs.queued()) {
            BackupJobs.JobStart start = jobs.start(request);
            var out = new LinkedHashMap<String, Object>();
            out.put("jobId", start.jobId());
            out.put("created", start.created());
            return out;
        }
        return Summaries.toMap(jobs.run(request));
    }
}
