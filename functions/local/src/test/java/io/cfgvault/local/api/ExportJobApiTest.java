package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.inventory.Device;
import io.cfgvault.jobs.DeviceWorker;
import io.cfgvault.local.QueuedServices;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * An export beyond what one API call can write (2,000 devices) is a job: POST /exports answers 202 with its id, the
 * device worker writes the zip, and GET /exports/{id} shows the progress and then a link to the zip.
 */
class ExportJobApiTest {

    @Test
    void anExportOfMoreThan2000DevicesIsQueuedFollowedByItsProgressAndEndsWithALink() throws Exception {
        try (var env = QueuedServices.start("exportjob", 0, 1_000, Map.of(), 60)) {
            var services = env.services();
            var devices = new ArrayList<Device>();
            for (int i = 0; i < 2_001; i++) {
                devices.add(ApiFixtures.device(String.format("edge-%04d", i), "ISR4331", "branches"));
            }
            services.inventory().upsert(devices);
            for (String d : List.of("edge-0000", "edge-1000", "edge-2000")) {
                ApiFixtures.storeBackup(services, d, Instant.parse("2026-11-23T13:00:00Z"), "hostname " + d + "\nend\n");
            }
            var api = new ApiHandler(services);
            APIGatewayProxyRequestEvent post = event("post-exports.json");
            post.setBody("{\"group\":\"branches\",\"expires\":900}");
            var accepted = api.handleRequest(post, null);
            assertEquals(202, accepted.getStatusCode(), accepted.getBody());
            String id = json(accepted).get("exportId").asText();
            assertTrue(id.startsWith("export-"), id);
            assertEquals(2_001, json(accepted).at("/progress/total").asInt());

            var get = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/exports/" + id).withResource("/exports/{id}")
                    .withPathParameters(Map.of("id", id)).withHeaders(Map.of()).withRequestContext(post.getRequestContext());
            var queued = json(api.handleRequest(get, null));
            assertEquals("running", queued.get("status").asText(), queued.toString());
            assertEquals(0, queued.at("/progress/done").asInt());
            assertTrue(queued.get("url") == null, "no link before the zip exists");

            var worker = services.deviceWorker();
            assertEquals(List.of(), worker.process(receive(env)));

            var done = json(api.handleRequest(get, null));
            assertEquals("completed", done.get("status").asText(), done.toString());
            assertEquals(2_001, done.at("/progress/done").asInt());
            assertEquals(3, done.get("devices").asInt());
            assertEquals(1_998, done.get("missing").size(), "devices never backed up are named, not silently left out");
            String url = done.get("url").asText();
            assertTrue(url.contains("X-Amz-Expires=900"), url);
            var names = new TreeSet<String>();
            try (var http = HttpClient.newHttpClient();
                 var zip = new ZipInputStream(new ByteArrayInputStream(http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                         HttpResponse.BodyHandlers.ofByteArray()).body()))) {
                for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    names.add(e.getName());
                    if (e.getName().equals("configs/edge-1000.cfg")) {
                        assertEquals("hostname edge-1000\nend\n", new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertEquals(new TreeSet<>(List.of("configs/edge-0000.cfg", "configs/edge-1000.cfg", "configs/edge-2000.cfg", "manifest.json")), names);
            var audit = services.auditLog().list(java.util.Optional.empty(), java.util.Optional.empty(), 50);
            assertTrue(audit.stream().anyMatch(a -> "share-link".equals(a.get("action")) && ("export/" + id).equals(a.get("target"))),
                    "the link handed out is audited: " + audit);

            get.setPath("/exports/export-20261123T130000Z-00000000");
            get.setPathParameters(Map.of("id", "export-20261123T130000Z-00000000"));
            assertEquals(404, api.handleRequest(get, null).getStatusCode());
        }
    }

    private static List<DeviceWorker.Message> receive(QueuedServices env) {
        var all = new ArrayList<DeviceWorker.Message>();
        Instant deadline = Instant.now().plusSeconds(60);
        while (all.isEmpty() && Instant.now().isBefore(deadline)) {
            env.services().sqsClient().receiveMessage(b -> b.queueUrl(env.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().forEach(m -> all.add(new DeviceWorker.Message(m.messageId(), m.body())));
        }
        assertEquals(1, all.size(), "one queue message for the whole export");
        return all;
    }
}
