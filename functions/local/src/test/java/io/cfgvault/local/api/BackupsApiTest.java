package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.local.SharedAws;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On-demand backups: body validation, the 202 with a job id, the job's live progress and the audit entry. */
class BackupsApiTest {
    static final String ROLE = "arn:aws:sts::123456789012:assumed-role/cfgvault-operator/ops-automation";
    static Services isolated;
    static Services services;
    static ApiHandler handler;
    static String queueUrl;

    @BeforeAll
    static void start() {
        isolated = SharedAws.isolated("apibackups");
        // A queue of its own that no poller drains, so the job stays visibly in progress.
        queueUrl = isolated.sqsClient().createQueue(b -> b.queueName("api-backups-test")).queueUrl();
        // As in Lambda, where the API's services carry device backup (Secrets Manager credentials).
        services = Services.builder(isolated.settings().withQueueUrl(queueUrl))
                .devices(new FileCredentials(Map.of(), Map.of(), Path.of(".")), Profiles.builtin()).build();
        services.inventory().upsert(List.of(ApiFixtures.device("core-sw-01", "C9300", "campus"),
                ApiFixtures.device("dist-01", "C9500", "campus")));
        handler = new ApiHandler(services);
    }

    @AfterAll
    static void stop() {
        services.close();
        isolated.close();
    }

    private static long jobsInTable() {
        return services.jobStore().list(100).size();
    }

    @Test
    void unknownFieldIsRefusedAndStartsNothing() {
        long before = jobsInTable();
        var response = handler.handleRequest(event("post-backups-unknown-field.json"), null);
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = json(response);
        assertEquals("unknown_field", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("'tabels'"), response.getBody());
        assertEquals(before, jobsInTable());
    }

    @Test
    void wrongTypeIsRefusedNamingTheField() {
        var response = handler.handleRequest(event("post-backups-wrong-type.json"), null);
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("field 'model' must be a string, not a list", json(response).get("message").asText());
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        var e = event("post-backups.json");
        e.setBody("{\"devices\": [\"core-sw-01\"");
        var response = handler.handleRequest(e, null);
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("malformed_json", json(response).get("error").asText());
        assertTrue(json(response).get("message").asText().contains("line 1"), response.getBody());
    }

    @Test
    void unknownDeviceInTheSelectionIs404() {
        var e = event("post-backups.json");
        e.setBody("{\"devices\": [\"core-sw-01\", \"ghost-01\"]}");
        var response = handler.handleRequest(e, null);
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertTrue(json(response).get("message").asText().contains("'ghost-01'"), response.getBody());
        assertEquals("unknown_device", json(response).get("error").asText());
    }

    @Test
    void selectionThatMatchesNoDeviceIs404AndStartsNothing() {
        long before = jobsInTable();
        var e = event("post-backups.json");
        // both devices exist, but neither is a C9300 in the "dc" group
        e.setBody("{\"model\": \"C9300\", \"group\": \"dc\"}");
        var response = handler.handleRequest(e, null);
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("no_matching_devices", json(response).get("error").asText());
        assertEquals("no enabled device matches model 'C9300' and group 'dc'; nothing was started",
                json(response).get("message").asText());
        assertEquals(before, jobsInTable());
    }

    @Test
    void backupRequestIsAcceptedWithAJobIdAndTheJobShowsProgress() {
        var response = handler.handleRequest(event("post-backups.json"), null);
        assertEquals(202, response.getStatusCode(), response.getBody());
        String jobId = json(response).get("jobId").asText();
        assertTrue(jobId.startsWith("api-"), jobId);
        assertEquals("/jobs/" + jobId, response.getHeaders().get("Location"));

        var get = event("get-jobs-id.json");
        get.setPath("/jobs/" + jobId);
        get.setPathParameters(Map.of("id", jobId));
        var job = handler.handleRequest(get, null);
        assertEquals(200, job.getStatusCode(), job.getBody());
        JsonNode body = json(job);
        assertEquals(1, body.get("counts").get("total").asInt(), job.getBody());
        assertEquals(0, body.get("counts").get("done").asInt(), job.getBody());
        assertEquals(ROLE, body.get("actor").asText());
        assertEquals("core-sw-01", body.get("devices").get(0).get("device").asText());
        assertEquals("pending", body.get("devices").get(0).get("status").asText());

        assertTrue(services.auditLog().list(Optional.empty(), Optional.of(ROLE), 10).stream().anyMatch(a ->
                a.get("action").equals("POST /backups") && a.get("result").equals("ok")
                        && ((Map<?, ?>) a.get("details")).get("jobId").equals(jobId)), "audited with the job id");
    }

    @Test
    void unknownJobIs404() {
        var response = handler.handleRequest(event("get-jobs-id.json"), null);
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("unknown_job", json(response).get("error").asText());
    }
}
