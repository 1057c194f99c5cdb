package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Devices, their stored versions, downloads and diffs, over real S3Proxy objects. */
class DevicesApiTest {
    static final String OLD = "hostname core-sw-01\n!\ninterface Gi1/0/1\n description uplink\n!\nntp server 192.0.2.123\nend\n";
    static final String NEW = "hostname core-sw-01\n!\ninterface Gi1/0/1\n description uplink to dist-01\n!\nntp server 192.0.2.123\nend\n";
    static final Instant FIRST = Instant.parse("2026-11-23T12:00:00Z");
    static final Instant SECOND = Instant.parse("2026-11-23T13:00:00Z");

    static Services services;
    static ApiHandler handler;

    @BeforeAll
    static void start() throws Exception {
        services = SharedAws.isolated("apidevices");
        handler = new ApiHandler(services);
        services.inventory().upsert(List.of(ApiFixtures.device("core-sw-01", "C9300", "campus")));
        ApiFixtures.storeBackup(services, "core-sw-01", FIRST, OLD);
        ApiFixtures.storeBackup(services, "core-sw-01", SECOND, NEW);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void unknownDeviceIs404NamingIt() {
        var response = handler.handleRequest(event("get-device-unknown.json"), null);
        assertEquals(404, response.getStatusCode());
        JsonNode error = json(response);
        assertEquals("unknown_device", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("'no-such-switch'"), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
    }

    @Test
    void deviceShowsInventoryAndStateButNoSecrets() {
        var e = event("get-device-unknown.json");
        e.setPath("/devices/core-sw-01");
        e.setPathParameters(Map.of("name", "core-sw-01"));
        var response = handler.handleRequest(e, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode d = json(response);
        assertEquals("C9300", d.get("model").asText());
        assertEquals("lab", d.get("credentials").asText());
        assertEquals("never", d.get("state").get("status").asText());
        assertFalse(response.getBody().toLowerCase().contains("password"), response.getBody());
    }

    @Test
    void versionsAreListedNewestFirst() {
        var response = handler.handleRequest(event("get-device-backups.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        var versions = new ArrayList<String>();
        json(response).get("versions").forEach(v -> versions.add(v.get("version").asText()));
        assertEquals(List.of("20261123T130000Z", "20261123T120000Z"), versions);
        assertEquals("2026-11-23T13:00:00Z", json(response).get("versions").get(0).get("storedAt").asText());
    }

    @Test
    void diffDefaultsToPreviousAgainstLatest() {
        var response = handler.handleRequest(event("get-device-diff.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/plain; charset=utf-8", response.getHeaders().get("Content-Type"));
        String diff = response.getBody();
        assertTrue(diff.startsWith("--- core-sw-01@20261123T120000Z\n+++ core-sw-01@20261123T130000Z\n"), diff);
        assertTrue(diff.contains("\n- description uplink\n+ description uplink to dist-01\n"), diff);
        assertEquals("1", response.getHeaders().get("X-Cfgvault-Lines-Added"));
        assertEquals("1", response.getHeaders().get("X-Cfgvault-Lines-Removed"));
    }

    @Test
    void diffWithExplicitVersionsGoesEitherWay() {
        var e = event("get-device-diff.json");
        e.setMultiValueQueryStringParameters(Map.of("from", List.of("latest"), "to", List.of("20261123T120000Z")));
        var response = handler.handleRequest(e, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("\n- description uplink to dist-01\n+ description uplink\n"), response.getBody());
    }

    @Test
    void unknownVersionIs404AndMalformedVersionIs400() {
        var e = event("get-device-diff.json");
        e.setMultiValueQueryStringParameters(Map.of("from", List.of("20250101T000000Z")));
        var missing = handler.handleRequest(e, null);
        assertEquals(404, missing.getStatusCode(), missing.getBody());
        assertEquals("unknown_version", json(missing).get("error").asText());
        assertTrue(json(missing).get("message").asText().contains("20250101T000000Z"));

        e.setMultiValueQueryStringParameters(Map.of("from", List.of("yesterday")));
        var malformed = handler.handleRequest(e, null);
        assertEquals(400, malformed.getStatusCode(), malformed.getBody());
        assertEquals("invalid_version", json(malformed).get("error").asText());
    }

    @Test
    void latestDownloadsAsRawConfigTextOrStoredDocument() {
        var text = handler.handleRequest(event("get-device-backup-latest-text.json"), null);
        assertEquals(200, text.getStatusCode(), text.getBody());
        assertEquals(NEW, text.getBody());

        var e = event("get-device-backup-latest-text.json");
        e.setPath("/devices/core-sw-01/backups/20261123T120000Z");
        e.setPathParameters(Map.of("name", "core-sw-01", "version", "20261123T120000Z"));
        e.setMultiValueQueryStringParameters(Map.of("format", List.of("yaml")));
        var yaml = handler.handleRequest(e, null);
        assertEquals(200, yaml.getStatusCode(), yaml.getBody());
        assertEquals("application/yaml", yaml.getHeaders().get("Content-Type"));
        assertTrue(yaml.getBody().startsWith("device: core-sw-01\n"), yaml.getBody());
        assertTrue(yaml.getBody().contains("fetchedAt: 2026-11-23T12:00:00Z"), yaml.getBody());
    }

    @Test
    void devicesCanBeListedByModel() {
        services.inventory().upsert(List.of(ApiFixtures.device("dist-01", "C9500", "campus")));
        var e = event("get-device-unknown.json");
        e.setResource("/devices");
        e.setPath("/devices");
        e.setPathParameters(null);
        e.setMultiValueQueryStringParameters(Map.of("model", List.of("c9500")));
        var response = handler.handleRequest(e, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode devices = json(response).get("devices");
        assertEquals(1, devices.size(), response.getBody());
        assertEquals("dist-01", devices.get(0).get("name").asText());
    }
    /** The console's device list filters on the server: status (failing = any error), platform, name, change and success times. */
    @Test
    void devicesCanBeFilteredByStatusPlatformNameAndBackupTimes() {
        var now = java.time.Instant.parse("2026-11-30T12:00:00Z");
        services.inventory().upsert(List.of(ApiFixtures.device("flt-ok", "C9300", "campus"), ApiFixtures.device("flt-bad", "C9300", "campus"),
                ApiFixtures.device("flt-old", "C9300", "campus")));
        services.inventory().recordState("flt-ok", new io.cfgvault.inventory.DeviceState(java.util.Optional.of(now),
                java.util.Optional.of(now), java.util.Optional.of(now), java.util.Optional.empty(), 10, "ok",
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));
        services.inventory().recordState("flt-bad", new io.cfgvault.inventory.DeviceState(java.util.Optional.of(now),
                java.util.Optional.of(now.minusSeconds(86_400 * 3)), java.util.Optional.empty(), java.util.Optional.empty(), 0,
                "auth_failed", java.util.Optional.of("login refused"), java.util.Optional.empty(), java.util.Optional.empty()));
        services.inventory().recordState("flt-old", new io.cfgvault.inventory.DeviceState(java.util.Optional.of(now.minusSeconds(86_400 * 2)),
                java.util.Optional.of(now.minusSeconds(86_400 * 2)), java.util.Optional.of(now.minusSeconds(86_400 * 2)),
                java.util.Optional.empty(), 10, "ok", java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()));

        assertEquals(List.of("flt-bad"), names(Map.of("q", "FLT-", "status", "failing")));
        assertEquals(List.of("flt-bad"), names(Map.of("q", "flt-", "status", "auth_failed")));
        assertEquals(List.of("flt-ok", "flt-old"), names(Map.of("q", "flt-", "status", "ok")));
        assertEquals(List.of("flt-ok"), names(Map.of("q", "flt-", "changedSince", "2026-11-30T00:00:00Z")));
        assertEquals(List.of("flt-bad", "flt-old"), names(Map.of("q", "flt-", "lastSuccessBefore", "2026-11-30T00:00:00Z")));
        assertEquals(List.of(), names(Map.of("q", "flt-", "platform", "juniper_junos")));
        assertEquals(3, names(Map.of("q", "flt-", "platform", "CISCO_IOS")).size());

        var e = event("get-device-unknown.json");
        e.setResource("/devices");
        e.setPath("/devices");
        e.setPathParameters(null);
        e.setMultiValueQueryStringParameters(Map.of("changedSince", List.of("yesterday")));
        var bad = handler.handleRequest(e, null);
        assertEquals(400, bad.getStatusCode(), bad.getBody());
        assertTrue(bad.getBody().contains("changedSince 'yesterday' is not an ISO-8601 instant"), bad.getBody());
    }

    private static List<String> names(Map<String, String> query) {
        var e = event("get-device-unknown.json");
        e.setResource("/devices");
        e.setPath("/devices");
        e.setPathParameters(null);
        var multi = new java.util.HashMap<String, List<String>>();
        query.forEach((k, v) -> multi.put(k, List.of(v)));
        e.setMultiValueQueryStringParameters(multi);
        var response = handler.handleRequest(e, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        var out = new java.util.ArrayList<String>();
        json(response).get("devices").forEach(d -> out.add(d.get("name").asText()));
        return out;
    }
}
