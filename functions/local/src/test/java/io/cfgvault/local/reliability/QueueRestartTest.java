package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobResumer;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of serve loses the in-memory queue (ElasticMQ); the jobs table still says which devices have no
 * result. Resuming at start-up re-queues exactly those, and the job finishes without waiting for staleAfter.
 */
class QueueRestartTest {

    @Test
    void aJobWhoseQueuedDevicesWereLostFinishesAfterResume() throws Exception {
        try (var env = QueuedServices.start("restart", 4, 1_000, Map.of(), 60)) {
            var services = env.services();
            var request = new JobRequest(Trigger.API, Instant.now().truncatedTo(ChronoUnit.SECONDS), false, true,
                    JobRequest.DeviceSelector.all(), "local:test");
            String jobId = services.backupJobs().start(request).jobId();
            var worker = new DeviceBackupWorker(services.deviceWorker());
            // One device was processed before the crash; then the server died and the queue's messages with it.
            var first = services.sqsClient().receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(1)).messages();
            worker.handleRequest(QueuePoller.toEvent(first), null);
            services.sqsClient().purgeQueue(b -> b.queueUrl(env.queueUrl()));
            assertEquals(1, services.jobStore().get(jobId).orElseThrow().done());

            var resumed = JobResumer.resume(services.jobStore(), services.deviceQueue().orElseThrow());
            assertEquals(1, resumed.size());
            assertEquals(3, resumed.get(0).devices().size(), "only the devices without a result go back");

            try (var poller = new QueuePoller(services.sqsClient(), env.queueUrl(), worker, 10, 60, 2).start()) {
                JobRecord job = awaitFinished(env, jobId);
                assertEquals("completed", job.status());
                assertEquals(4, job.done());
                assertEquals(4, job.succeeded());
            }
            assertEquals(List.of(), JobResumer.resume(services.jobStore(), services.deviceQueue().orElseThrow()),
                    "a finished job is not resumed again");
        }
    }

    private static JobRecord awaitFinished(QueuedServices env, String jobId) throws InterruptedException {
        // Bounded only so that a regression fails instead of hanging the build.
        for (int i = 0; i < 1200; i++) {
            JobRecord job = env.services().jobStore().get(jobId).orElseThrow();
            if (job.finished()) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish after resume");
    }
}
