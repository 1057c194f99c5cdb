package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A config handed to someone without AWS access: a presigned link that works, is bounded and audited; a zip export. */
class SharingApiTest {
    static Services services;
    static ApiHandler handler;
    static final String CONFIG = "hostname core-sw-01\ninterface Gi1/0/1\n description uplink\nend\n";

    @BeforeAll
    static void start() throws Exception {
        services = SharedAws.isolated("apisharing");
        services.inventory().upsert(List.of(ApiFixtures.device("core-sw-01", "C9300", "campus"),
                ApiFixtures.device("dist-01", "C9500", "campus")));
        ApiFixtures.storeBackup(services, "core-sw-01", Instant.parse("2026-11-23T13:00:00Z"), CONFIG);
        ApiFixtures.storeBackup(services, "dist-01", Instant.parse("2026-11-23T13:00:00Z"), "hostname dist-01\nend\n");
        handler = new ApiHandler(services);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    static byte[] download(String url) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), url);
            return response.body();
        }
    }

    @Test
    void aLinkDownloadsTheStoredCopyExpiresAsAskedAndIsAudited() throws Exception {
        var response = handler.handleRequest(event("get-device-backup-link.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        var body = json(response);
        String url = body.get("url").asText();
        assertTrue(url.contains("X-Amz-Expires=600") && url.contains("X-Amz-Signature="), url);
        assertTrue(new String(download(url), StandardCharsets.UTF_8).contains(" description uplink\n"));
        var audit = services.auditLog().list(Optional.empty(), Optional.of(ApiFixtures.ALICE), 20);
        assertTrue(audit.stream().anyMatch(a -> "share-link".equals(a.get("action"))
                && "device/core-sw-01/latest".equals(a.get("target"))), audit.toString());
    }

    @Test
    void aLinkBeyondSevenDaysOrForAnUnknownVersionIsRefused() {
        var tooLong = event("get-device-backup-link.json");
        tooLong.setQueryStringParameters(Map.of("expires", "2592000"));
        tooLong.setMultiValueQueryStringParameters(Map.of("expires", List.of("2592000")));
        var refused = handler.handleRequest(tooLong, null);
        assertEquals(400, refused.getStatusCode(), refused.getBody());
        assertTrue(json(refused).get("message").asText().contains("between 60 and 604800"), refused.getBody());

        var unknown = event("get-device-backup-link.json");
        unknown.setPath("/devices/core-sw-01/backups/20200101T000000Z/link");
        unknown.setPathParameters(Map.of("name", "core-sw-01", "version", "20200101T000000Z"));
        var missing = handler.handleRequest(unknown, null);
        assertEquals(404, missing.getStatusCode(), missing.getBody());
        assertEquals("no_backup", json(missing).get("error").asText());
    }

    @Test
    void anExportOfAModelIsAZipOfItsConfigsBehindALink() throws Exception {
        var response = handler.handleRequest(event("post-exports.json"), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
        var body = json(response);
        assertEquals(1, body.get("devices").asInt());
        assertTrue(body.get("key").asText().startsWith("exports/accountid="), body.toString());
        var names = new TreeSet<String>();
        String config = null;
        try (var zip = new ZipInputStream(new ByteArrayInputStream(download(body.get("url").asText())))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                byte[] content = zip.readAllBytes();
                if (e.getName().equals("configs/core-sw-01.cfg")) {
                    config = new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("configs/core-sw-01.cfg", "manifest.json")), names);
        assertEquals(CONFIG, config);
    }

    @Test
    void aBadDestinationKeyIsRefusedByNameAndNothingIsWritten() {
        var e = event("put-configuration.json");
        e.setBody("""
                table: configuration
                keySchema: {hash: key}
                items:
                - key: {S: destination.ops.type}
                  value: {S: git}
                - key: {S: destination.ops.url}
                  value: {S: 'https://bob:ghp_secret123@git.example.com/netops/configs.git'}
                """);
        var response = handler.handleRequest(e, null);
        assertEquals(400, response.getStatusCode(), response.getBody());
        String message = json(response).get("message").asText();
        assertTrue(message.contains("'destination.ops.url' must not carry a password or token"), message);
        assertTrue(!response.getBody().contains("ghp_secret123"), "the token is never echoed");
        assertTrue(services.configuration().withPrefix("destination.").isEmpty(), "nothing written");
    }

    @Test
    void anExportThatSelectsNothingIsRefusedAndStoresNothing() {
        var e = event("post-exports.json");
        e.setBody("{\"model\": \"NO-SUCH-MODEL\"}");
        int before = services.store().list("exports/").size();
        var response = handler.handleRequest(e, null);
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("no_matching_devices", json(response).get("error").asText());
        assertEquals(before, services.store().list("exports/").size());
    }
}
