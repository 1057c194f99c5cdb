package io.cfgvault.local.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.inventory.Device;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.S3Layout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API Gateway REST proxy events from {@code src/test/resources/events/api/} and the data they act on. */
final class ApiFixtures {
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiFixtures() {}

    static APIGatewayProxyRequestEvent event(String name) {
        return EventLoader.loadApiGatewayRestEvent("events/api/" + name);
    }

    static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    static Device device(String name, String model, String group) {
        return new Device(name, "192.0.2.10", 22, "cisco_ios", model, group, "lab", true, Optional.empty(), Map.of());
    }

    /** Stores a backup of {@code config} as the worker would: archive copy and latest copy. */
    static void storeBackup(Services services, String device, Instant at, String config) throws Exception {
        S3Layout layout = services.layout();
        byte[] raw = config.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        var doc = new DeviceDocument(device, "192.0.2.10", "cisco_ios", "C9300", "campus", at,
                List.of("show running-config"), sha, raw.length, config);
        byte[] yaml = doc.toYaml().getBytes(StandardCharsets.UTF_8);
        services.store().put(layout.archiveDevice(device, at), yaml, "application/yaml", Map.of());
        services.store().put(layout.latestDevice(device), yaml, "application/yaml", Map.of());
    }
}
