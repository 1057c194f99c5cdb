package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.SharedAws;
import io.cfgvault.store.DeviceDocument;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stored copy damaged in the bucket (truncated, replaced by something else) reads as a clear error, not a 500. */
class DamagedCopyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static Api api;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("damaged");
        api = Api.create(services);
        services.inventory().upsert(List.of(new Device("edge-01", "192.0.2.1", 22, "cisco_ios", "C9300", "campus", "lab",
                true, Optional.empty(), Map.of())));
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private static byte[] store(String config) {
        byte[] raw = config.getBytes(StandardCharsets.UTF_8);
        var doc = new DeviceDocument("edge-01", "192.0.2.1", "cisco_ios", "C9300", "campus", Instant.parse("2026-11-23T13:00:00Z"),
                List.of("show running-config"), "ab".repeat(32), raw.length, config);
        byte[] yaml = doc.toYaml().getBytes(StandardCharsets.UTF_8);
        services.store().put(services.layout().latestDevice("edge-01"), yaml, "application/yaml", Map.of());
        return yaml;
    }

    @Test
    void aTruncatedOrReplacedLatestCopyAnswersDamagedBackupNaming() throws Exception {
        String config = "hostname edge-01\ninterface Gi0/1\n description uplink\nend\n";
        byte[] good = store(config);
        assertEquals(config, get("text").bodyText(), "an intact copy reads back");

        String latest = services.layout().latestDevice("edge-01");
        String text = new String(good, StandardCharsets.UTF_8);
        services.store().put(latest, text.substring(0, text.indexOf(" description")).getBytes(StandardCharsets.UTF_8),
                "application/yaml", Map.of());
        for (String format : List.of("text", "yaml")) {
            ApiResponse r = get(format);
            assertEquals(500, r.status(), r.bodyText());
            var body = JSON.readTree(r.body());
            assertEquals("damaged_backup", body.get("error").asText());
            assertTrue(body.get("message").asText().contains("is damaged: its config has"), body.toString());
            assertTrue(body.get("message").asText().contains("next backup of 'edge-01' rewrites it"), body.toString());
        }

        services.store().put(latest, "<html>not yaml: [".getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of());
        var body = JSON.readTree(get("text").body());
        assertEquals("damaged_backup", body.get("error").asText());
        assertTrue(body.get("message").asText().contains("not a readable device document"), body.toString());
    }

    private static ApiResponse get(String format) {
        return api.handle(new ApiRequest("GET", "/devices/edge-01/backups/latest", Map.of("format", List.of(format)), Map.of(),
                new byte[0], "test", "r"));
    }
}
