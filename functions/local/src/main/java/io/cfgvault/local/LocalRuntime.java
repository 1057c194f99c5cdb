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

    /**
     * Starts the local stand-in for the EventBridge rule: at every minute where {@code backup.cron} (default
     * hourly) fires, the real ScheduledBackupHandler gets a Scheduled Event for that minute.
     */
    public LocalRuntime startTicker() {
        var handler = new io.cfgvault.handlers.ScheduledBackupHandler(services.backupJobs(), services.scheduleTable());
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
                    String cron = services.configuration().get(io.cfgvault.settings.Configuration.BACKUP_CRON,
                            io.cfgvault.jobs.BackupJobs.DEFAULT_CRON);
                    if (io.cfgvault.jobs.AwsCron.parse(cron).firesAt(minute)) {
                        var event = new com.amazonaws.services.lambda.runtime.events.ScheduledEvent();
                        event.setTime(new org.joda.time.DateTime(minute.toEpochMilli(), org.joda.time.DateTimeZone.UTC));
                        event.setDetailType("Scheduled Event");
                        event.setSource("aws.events");
                        System.out.println("tick " + minute + ": " + handler.handleRequest(event, null).get("jobs"));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("cfgvault: scheduled tick failed: " + e.getMessage());
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
