package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The queue path end to end: scheduled handler -> ElasticMQ -> DeviceBackupWorker -> jobs table, S3, events. */
class QueuedJobsTest {

    @Test
    void jobOfThreeHundredDevicesCountsEveryDeviceOnceAndWritesMetadata() throws Exception {
        try (var env = QueuedServices.start("queue300", 300, 2_000, Map.of("dev-bad", Fault.INVALID_INPUT), 60);
             var poller = new QueuePoller(env.services().sqsClient(), env.queueUrl(),
                     new DeviceBackupWorker(env.services().deviceWorker()), 10, 60, 4).start()) {
            Map<String, Object> started = new ScheduledBackupHandler(env.services().backupJobs(), env.services().schedules())
                    .handleRequest(EventLoader.loadScheduledEvent("events/scheduled-event.json"), null);
            JobRecord job = await(env, (String) started.get("jobId"));
            assertEquals("completed_with_errors", job.status());
            assertEquals(301, job.total());
            assertEquals(301, job.done());
            assertEquals(300, job.succeeded());
            assertEquals(1, job.failed());
            assertEquals(300, job.changed());
            var results = env.services().jobStore().deviceResults(job.id());
            var bad = results.stream().filter(r -> r.get("device").equals("dev-bad")).findFirst().orElseThrow();
            assertTrue(((String) bad.get("error")).contains("Invalid input"), bad.toString());
            assertTrue(((List<?>) bad.get("trace")).stream().anyMatch(s -> s.toString().contains("authenticated")), bad.toString());

            var layout = env.services().layout();
            String devicesJson = read(env, layout.devicesMetadata());
            assertEquals(301, devicesJson.lines().count());
            assertTrue(devicesJson.lines().anyMatch(l -> l.contains("\"device\":\"dev-bad\"") && l.contains("\"status\":\"command_error\"")), devicesJson.lines().filter(l -> l.contains("dev-bad")).toList().toString());
            assertFalse(devicesJson.contains(QueuedServices.PASSWORD));
            // the worker writes deployment.json after the job reads as finished: wait for it, as a CMDB reader would
            String deployment = awaitContaining(env, layout.deploymentMetadata(), "\"lastJobId\":\"" + job.id() + "\"");
            assertTrue(deployment.contains("\"lastJobId\":\"" + job.id() + "\""), deployment);
            assertTrue(deployment.contains("\"deviceCount\":301"), deployment);
            // the completion event and the audit entry come last of the after-job steps
            var audit = env.services().auditLog().list(java.util.Optional.empty(), java.util.Optional.empty(), 10);
            for (Instant until = Instant.now().plus(Duration.ofMinutes(1)); audit.isEmpty() && Instant.now().isBefore(until); ) {
                Thread.sleep(200);
                audit = env.services().auditLog().list(java.util.Optional.empty(), java.util.Optional.empty(), 10);
            }
            String events = Files.exists(env.eventsFile()) ? Files.readString(env.eventsFile()) : "";
            for (Instant until = Instant.now().plus(Duration.ofMinutes(1));
                 !events.contains("Backup Job Completed") && Instant.now().isBefore(until); ) {
                Thread.sleep(200);
                events = Files.exists(env.eventsFile()) ? Files.readString(env.eventsFile()) : "";
            }
            assertTrue(events.contains("\"detail-type\":\"Backup Job Completed\""), events);
            assertEquals("eventbridge", audit.get(0).get("actor"));
            assertEquals("job/" + job.id(), audit.get(0).get("target"));
        }
    }

    @Test
    void redeliveredScheduledEventStartsNoSecondJob() throws Exception {
        try (var env = QueuedServices.start("redeliver", 3, 1_000, Map.of(), 60)) {
            var handler = new ScheduledBackupHandler(env.services().backupJobs(), env.services().schedules());
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-event.json");
            Map<String, Object> first = handler.handleRequest(event, null);
            Map<String, Object> second = handler.handleRequest(event, null);
            assertEquals(first.get("jobId"), second.get("jobId"));
            assertEquals(true, first.get("created"));
            assertEquals(false, second.get("created"));
            assertEquals(1, env.services().jobStore().list(10).size());
            assertEquals(3, receiveAll(env, 3).size(), "devices were queued once, not twice");
        }
    }

    @Test
    void workerKilledMidBatchAndRedeliveredBatchesCountEveryDeviceExactlyOnce() throws Exception {
        try (var env = QueuedServices.start("killed", 10, 1_000, Map.of(), 2)) {
            var worker = new DeviceBackupWorker(env.services().deviceWorker());
            var poller = new QueuePoller(env.services().sqsClient(), env.queueUrl(), worker, 10, 2, 1);
            String jobId = (String) new ScheduledBackupHandler(env.services().backupJobs(), env.services().schedules())
                    .handleRequest(EventLoader.loadScheduledEvent("events/scheduled-event.json"), null).get("jobId");
            List<Message> batch = receiveAll(env, 10);
            // The "killed" invocation got through four devices and died: nothing was deleted from the queue.
            worker.handleRequest(QueuePoller.toEvent(batch.subList(0, 4)), null);
            assertEquals(4, env.services().jobStore().get(jobId).orElseThrow().done());
            // A duplicate delivery of the same messages (at-least-once) changes nothing.
            worker.handleRequest(QueuePoller.toEvent(batch.subList(0, 4)), null);
            assertEquals(4, env.services().jobStore().get(jobId).orElseThrow().done());
            // After the visibility timeout everything comes back; the poller delivers it like the event source mapping.
            Thread.sleep(2_500);
            poller.deliver(receiveAll(env, 10));
            JobRecord job = env.services().jobStore().get(jobId).orElseThrow();
            assertEquals("completed", job.status());
            assertEquals(10, job.done());
            assertEquals(10, job.succeeded());
            assertEquals(10, job.changed());
            long completions = Files.readAllLines(env.eventsFile()).stream().filter(l -> l.contains("Backup Job Completed")).count();
            assertEquals(1, completions, "the job was finished exactly once");
        }
    }

    static List<Message> receiveAll(QueuedServices env, int expected) {
        var all = new ArrayList<Message>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (all.size() < expected && Instant.now().isBefore(deadline)) {
            all.addAll(env.services().sqsClient().receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        return all;
    }

    static JobRecord await(QueuedServices env, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            var job = env.services().jobStore().get(jobId).orElseThrow();
            if (job.finished()) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    /** The object once it holds {@code text} (written by the worker's after-job steps), or what it holds after a minute. */
    static String awaitContaining(QueuedServices env, String key, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            var in = env.services().store().open(key);
            if (in.isPresent()) {
                try (var s = in.get()) {
                    String body = new String(s.readAllBytes(), StandardCharsets.UTF_8);
                    if (body.contains(text)) {
                        return body;
                    }
                }
            }
            Thread.sleep(200);
        }
        return read(env, key);
    }

    static String read(QueuedServices env, String key) throws Exception {
        try (var in = env.services().store().open(key).orElseThrow(() -> new AssertionError("missing " + key))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
