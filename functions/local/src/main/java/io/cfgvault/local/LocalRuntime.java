package io.cfgvault.local;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * The embedded environment wired like a deployment: services with the ElasticMQ device queue, events to
 * {@code DATA_DIR/events.jsonl}, and a queue poller running the real DeviceBackupWorker handler.
 */
public final class LocalRuntime implements AutoCloseable {
    /** Concurrent worker "invocations", like the event source mapping's maximum concurrency. */
    public static final int WORKERS = 4;

    private final Services services;
    private final QueuePoller poller;

    private LocalRuntime(Services services, QueuePoller poller) {
        this.services = services;
        this.poller = poller;
    }

    public static LocalRuntime start(EmbeddedAws aws, CredentialsResolver credentials, Profiles profiles) {
        Services services = new Services(aws.settings().withQueueUrl(aws.queueUrl()))
                .withEvents(new FileEventPublisher(aws.dataDir().resolve("events.jsonl")));
        services.withDeviceBackups(services.deviceBackupService(credentials, profiles));
        QueuePoller poller = new QueuePoller(services.sqsClient(), aws.queueUrl(),
                new DeviceBackupWorker(services.deviceWorker()), 10, 120, WORKERS).start();
        return new LocalRuntime(services, poller);
    }

    public Services services() {
        return services;
    }

    /** Waits until a job leaves queued/running, then returns its summary. */
    public JobSummary awaitJob(String jobId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        var jobs = services.jobStore();
        while (Instant.now().isBefore(deadline)) {
            if (jobs.get(jobId).map(JobRecord::finished).orElse(false)) {
                return jobs.summary(jobId);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("job " + jobId + " did not finish within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        poller.close();
        services.close();
    }
}
