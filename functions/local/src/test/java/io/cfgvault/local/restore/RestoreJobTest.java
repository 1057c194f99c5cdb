package io.cfgvault.local.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.inventory.Device;
import io.cfgvault.jobs.DeviceWorker;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Restore as a job through the API and the device worker: 202 with a job id, 409 while it holds the device, a
 * backup of the device skipped while the restore holds its lock, the job's steps and the restore list.
 */
class RestoreJobTest {
    private static final String OPERATOR = "arn:aws:sts::123456789012:assumed-role/cfgvault-operator/ops-automation";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(APIGatewayProxyResponseEvent r) throws Exception {
        return JSON.readTree(r.getBody());
    }

    private static List<DeviceWorker.Message> receive(QueuedServices env, int expected) {
        var all = new ArrayList<DeviceWorker.Message>();
        Instant deadline = Instant.now().plusSeconds(60);
        while (all.size() < expected && Instant.now().isBefore(deadline)) {
            env.services().sqsClient().receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().forEach(m -> all.add(new DeviceWorker.Message(m.messageId(), m.body())));
        }
        assertEquals(expected, all.size(), "messages on the queue");
        return all;
    }

    @Test
    void restoreJobRunsOnTheWorkerWhileASecondRestoreIsRefusedAndABackupSkipsTheDevice() throws Exception {
        try (var env = QueuedServices.start("restorejob", 0, 3_000, Map.of(), 60)) {
            var services = env.services();
            String good = SimConfigs.generate("cisco_ios", "rj-1", 3_000, 21);
            env.farm().add(new SimDevice("rj-1", "cisco_ios", QueuedServices.USER, QueuedServices.PASSWORD, good, Fault.NONE));
            services.inventory().upsert(List.of(new Device("rj-1", env.farm().host(), env.farm().port("rj-1"), "cisco_ios", "C9300",
                    "lab", "lab", true, Optional.empty(), Map.of("wallLimit", "30s", "idleTimeout", "5s", "connectTimeout", "5s"))));
            var selector = new JobRequest.DeviceSelector(List.of("rj-1"), Optional.empty(), Optional.empty());
            var first = services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true, selector, "local:test"));
            String version = first.devices().get(0).version();
            env.farm().setConfig("rj-1", good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend"));

            var api = new ApiHandler(services);
            APIGatewayProxyRequestEvent post = EventLoader.loadApiGatewayRestEvent("events/api/post-device-restore.json");
            var accepted = api.handleRequest(post, null);
            assertEquals(202, accepted.getStatusCode(), accepted.getBody());
            String jobId = json(accepted).get("jobId").asText();

            var again = api.handleRequest(post, null);
            assertEquals(409, again.getStatusCode(), again.getBody());
            assertEquals("restore_in_progress", json(again).get("error").asText());
            assertTrue(again.getBody().contains(jobId), "names the running job: " + again.getBody());

            // a backup of the device while the restore job holds it: skipped, with the reason
            String backupJob = services.backupJobs().start(new JobRequest(Trigger.API, Instant.now(), false, true, selector,
                    "local:test")).jobId();
            var messages = receive(env, 2);
            var worker = services.deviceWorker();
            var backupFirst = new ArrayList<>(messages);
            backupFirst.sort((a, b) -> Boolean.compare(!a.body().contains(backupJob), !b.body().contains(backupJob)));
            assertEquals(List.of(), worker.process(backupFirst.subList(0, 1)));
            var skipped = services.jobStore().deviceResults(backupJob).get(0);
            assertEquals("skipped", skipped.get("status"));
            assertTrue(skipped.get("error").toString().contains("being restored by job " + jobId), skipped.toString());
            assertTrue(env.farm().config("rj-1").contains("username rogue"), "the backup did not touch the device");

            assertEquals(List.of(), worker.process(backupFirst.subList(1, 2)));
            assertFalse(env.farm().config("rj-1").contains("username rogue"), "the restore job restored the device");

            var get = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/jobs/" + jobId).withResource("/jobs/{id}")
                    .withPathParameters(Map.of("id", jobId)).withHeaders(Map.of()).withRequestContext(post.getRequestContext());
            var job = json(api.handleRequest(get, null));
            assertEquals("completed", job.get("status").asText(), job.toString());
            assertEquals("restore", job.get("kind").asText());
            assertEquals("restored", job.at("/restore/result").asText(), job.toString());
            assertEquals(version, job.at("/restore/restoredVersion").asText());
            var steps = new ArrayList<String>();
            job.at("/restore/steps").forEach(s -> steps.add(s.get("step").asText()));
            assertTrue(steps.containsAll(List.of("lock", "pre-restore copy", "login", "push", "verify")), steps.toString());
            assertFalse(job.toString().contains("rogue"), "no config line in the job: " + job);
            assertFalse(job.toString().contains(QueuedServices.PASSWORD));

            var list = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/restores").withResource("/restores")
                    .withHeaders(Map.of()).withRequestContext(post.getRequestContext());
            var restores = json(api.handleRequest(list, null));
            assertEquals(jobId, restores.at("/restores/0/jobId").asText(), restores.toString());

            // the lock is free again, and the operator is in the audit table
            var third = api.handleRequest(post, null);
            assertEquals(202, third.getStatusCode(), third.getBody());
            var audit = services.auditLog().list(Optional.empty(), Optional.of(OPERATOR), 20);
            assertTrue(audit.stream().anyMatch(a -> "restore".equals(a.get("action")) && "ok".equals(a.get("result"))), audit.toString());
        }
    }

    @Test
    void anUnreachableDeviceFailsTheJobChangesNothingAndFreesTheLock() throws Exception {
        try (var env = QueuedServices.start("restorejobgone", 0, 3_000, Map.of(), 60)) {
            var services = env.services();
            String good = SimConfigs.generate("cisco_ios", "rj-1", 3_000, 22);
            env.farm().add(new SimDevice("rj-1", "cisco_ios", QueuedServices.USER, QueuedServices.PASSWORD, good, Fault.NONE));
            Map<String, String> options = Map.of("wallLimit", "30s", "idleTimeout", "5s", "connectTimeout", "5s");
            services.inventory().upsert(List.of(new Device("rj-1", env.farm().host(), env.farm().port("rj-1"), "cisco_ios", "C9300",
                    "lab", "lab", true, Optional.empty(), options)));
            services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true,
                    new JobRequest.DeviceSelector(List.of("rj-1"), Optional.empty(), Optional.empty()), "local:test"));
            int closed;
            try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            services.inventory().upsert(List.of(new Device("rj-1", env.farm().host(), closed, "cisco_ios", "C9300",
                    "lab", "lab", true, Optional.empty(), options)));

            var api = new ApiHandler(services);
            APIGatewayProxyRequestEvent post = EventLoader.loadApiGatewayRestEvent("events/api/post-device-restore.json");
            var accepted = api.handleRequest(post, null);
            assertEquals(202, accepted.getStatusCode(), accepted.getBody());
            String jobId = json(accepted).get("jobId").asText();
            assertEquals(List.of(), services.deviceWorker().process(receive(env, 1)));

            var job = services.jobStore().get(jobId).orElseThrow();
            assertEquals("failed", job.status());
            var restore = services.jobStore().restore(jobId).orElseThrow();
            assertEquals("failed", restore.get("result"));
            assertTrue(restore.get("message").toString().contains("nothing was changed"), restore.toString());
            assertEquals(good, env.farm().config("rj-1"));
            assertEquals(202, api.handleRequest(post, null).getStatusCode(), "the lock was released");
        }
    }
}
