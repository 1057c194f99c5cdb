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
    private volatile Thread ticker;

    private LocalRuntime(Services services, QueuePoller poller) {
        this.services = services;
        this.poller = poller;
    }

    public static LocalRuntime start(EmbeddedAws aws, CredentialsResolver credentials, Profiles profiles) {
        Services services = Services.builder(aws.settings().withQueueUrl(aws.queueUrl()))
                .events(new FileEventPublisher(aws.dataDir().resolve("events.jsonl")))
                .devices(credentials, profiles).build();
        QueuePoller poller = new QueuePoller(services.sqsClient(), aws.queueUrl(),
                new DeviceBackupWorker(services.deviceWorker()), 10, 120, WORKERS).start();
        return new LocalRuntime(services, poller);
    }

    public Services services() {
        return services;
    }

    /**
     * Starts the local stand-in for EventBridge Scheduler: at each new minute, every enabled schedule that fires in
     * it (same parser, same time-zone rules as in AWS) sends the real ScheduledBackupHandler the event Scheduler
     * would send. Fires are never made up: a minute the process was down or the schedule disabled is skipped.
     */
    public LocalRuntime startTicker() {
        var handler = new io.cfgvault.handlers.ScheduledBackupHandler(services.backupJobs(), services.schedules(), () -> { },
                java.util.Optional.of(services.configuredSync()));
        Thread t = new Thread(() -> {
            Instant last = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1_000);
                    Instant minute = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
                    if (minute.equals(last)) {
                        continue;
                    }
                    last = minute;
                    for (var schedule : services.schedules().all()) {
                        if (schedule.active() && schedule.fires().firesAt(minute)) {
                            var result = handler.handleRequest(SchedulerEvents.fire(schedule, minute), null);
                            System.out.println("schedule " + schedule.id() + " at " + minute + ": "
                                    + (result.get("jobId") != null ? "job " + result.get("jobId") : result.get("reason")));
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("cfgvault: scheduled run failed: " + e.getMessage());
                }
            }
        }, "schedule-ticker");
        t.setDaemon(true);
        t.start();
        ticker = t;
        return this;
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
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        poller.close();
        services.close();
    }
}
