package io.cfgvault.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.serve.ApiBridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code cfgvault serve} does, over HTTP: a backup asked for with POST runs through ElasticMQ and the device
 * worker against simulated devices, and its result is visible through the same API.
 */
class ServeEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backupRequestedOverHttpRunsThroughTheQueueAndItsChangeShowsInTheDiff() throws Exception {
        try (var env = QueuedServices.start("apie2e", 2, 1_500, Map.of(), 60);
             var poller = new QueuePoller(env.services().sqsClient(), env.queueUrl(),
                     new DeviceBackupWorker(env.services().deviceWorker()), 10, 60, 2).start();
             var bridge = ApiBridge.start(new ApiHandler(env.services()), 0, "local:tester", null)) {
            var http = HttpClient.newHttpClient();
            String base = bridge.uri().toString();

            JsonNode first = awaitJob(http, base, post(http, base, "{\"devices\": [\"dev-000\"]}"));
            assertEquals("completed", first.get("status").asText(), first.toString());
            assertEquals(1, first.get("counts").get("succeeded").asInt(), first.toString());
            assertEquals("ok", first.get("devices").get(0).get("status").asText(), first.toString());
            assertTrue(!first.get("devices").get(0).has("trace"), "step traces are kept for failures only");

            String config = get(http, base + "/devices/dev-000/backups/latest?format=text").body();
            assertEquals(env.farm().config("dev-000").replace("\r\n", "\n"), config);

            Thread.sleep(1_100); // archive versions are stamped to the second
            env.farm().setConfig("dev-000", env.farm().config("dev-000").replace("hostname dev-000", "hostname dev-000-renamed"));
            JsonNode second = awaitJob(http, base, post(http, base, "{\"devices\": [\"dev-000\"], \"tables\": false}"));
            assertEquals(1, second.get("counts").get("changed").asInt(), second.toString());

            JsonNode versions = JSON.readTree(get(http, base + "/devices/dev-000/backups").body()).get("versions");
            assertEquals(2, versions.size(), versions.toString());
            var diff = get(http, base + "/devices/dev-000/diff");
            assertEquals(200, diff.statusCode(), diff.body());
            assertTrue(diff.body().contains("\n-hostname dev-000\n+hostname dev-000-renamed\n"), diff.body());
        }
    }

    private static String post(HttpClient http, String base, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/backups"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("jobId").asText();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls GET /jobs/{id} as a user watching the task window would, until the job leaves queued/running. */
    private static JsonNode awaitJob(HttpClient http, String base, String jobId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = JSON.readTree(get(http, base + "/jobs/" + jobId).body());
            String status = job.get("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish in 60 s");
    }
}
