package io.cfgvault.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.local.serve.ApiBridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same ApiHandler over real HTTP on 127.0.0.1, through the local API Gateway stand-in. */
class ServeBridgeTest {
    static final String CALLER = "local:tester";
    static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static ApiBridge bridge;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        services = SharedAws.isolated("apiserve");
        services.inventory().upsert(List.of(ApiFixtures.device("core-sw-01", "C9300", "campus")));
        ApiFixtures.storeBackup(services, "core-sw-01", Instant.parse("2026-11-23T12:00:00Z"), "hostname a\nend\n");
        ApiFixtures.storeBackup(services, "core-sw-01", Instant.parse("2026-11-23T13:00:00Z"), "hostname b\nend\n");
        bridge = ApiBridge.start(new ApiHandler(services), 0, CALLER, null);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        services.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(bridge.uri() + pathAndQuery));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals("127.0.0.1", bridge.uri().getHost());
    }

    @Test
    void configurationRoundTripsOverHttpAndIsAuditedAsTheLocalUser() throws Exception {
        var exported = send(to("/configuration").GET());
        assertEquals(200, exported.statusCode(), exported.body());
        assertEquals("application/yaml", exported.headers().firstValue("Content-Type").orElse(""));

        var put = send(to("/configuration?mode=merge").header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(exported.body())));
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(exported.body(), send(to("/configuration").GET()).body());

        assertTrue(services.auditLog().list(Optional.empty(), Optional.of(CALLER), 10).stream()
                .anyMatch(e -> e.get("action").equals("PUT /configuration") && e.get("result").equals("ok")));
    }

    @Test
    void diffAndVersionsComeBackOverHttp() throws Exception {
        var versions = send(to("/devices/core-sw-01/backups").GET());
        assertEquals(200, versions.statusCode(), versions.body());
        assertEquals("20261123T130000Z", JSON.readTree(versions.body()).get("versions").get(0).get("version").asText());

        var diff = send(to("/devices/core-sw-01/diff?from=20261123T120000Z&to=latest").GET());
        assertEquals(200, diff.statusCode(), diff.body());
        assertTrue(diff.body().contains("\n-hostname a\n+hostname b\n"), diff.body());
    }

    @Test
    void errorsAreJsonWithStatusOverHttp() throws Exception {
        var missing = send(to("/devices/nope").GET());
        assertEquals(404, missing.statusCode());
        JsonNode error = JSON.readTree(missing.body());
        assertEquals("unknown_device", error.get("error").asText());

        var wrongType = send(to("/backups").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("devices=core-sw-01")));
        assertEquals(415, wrongType.statusCode(), wrongType.body());

        var tooBig = send(to("/inventory").header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024 + 10])));
        assertEquals(413, tooBig.statusCode(), tooBig.body());
    }
}
