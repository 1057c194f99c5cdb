package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.local.SharedAws;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One rule for device names and job ids on every path (inventory file, table import, API, direct upserts as
 * inventory sources use), and request lists with a documented maximum: all answer 400, none 500.
 */
class NameValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BAD = List.of("../../evil", "sub/dir/dev", "..", ".hidden", "a b", "x".repeat(129), "tab\tname");
    static Services services;
    static Api api;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("names");
        api = Api.create(services);
        services.inventory().upsert(List.of(new Device("core-sw-01", "192.0.2.1", 22, "cisco_ios", "C9300", "campus", "lab",
                true, Optional.empty(), Map.of())));
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void theInventoryTableImportRefusesNamesThatTheInventoryFileRefuses() throws Exception {
        for (String bad : BAD) {
            String doc = "table: inventory\nitems:\n- name: {S: ok-1}\n- name: {S: \"" + bad.replace("\t", "\\t") + "\"}\n  host: {S: 10.0.0.1}\n";
            var response = call("PUT", "/inventory", "application/yaml", doc);
            assertEquals(400, response.status(), bad + ": " + response.bodyText());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("invalid_document", body.get("error").asText());
            assertEquals("items[1].name", body.get("field").asText());

            var fileError = assertThrows(IllegalArgumentException.class, () -> InventoryFile.parse(
                    "devices:\n- name: \"" + bad.replace("\t", "\\t") + "\"\n  host: 10.0.0.1\n  platform: cisco_ios\n", "inv.yaml"));
            assertTrue(fileError.getMessage().startsWith("inv.yaml: devices[0].name: "), fileError.getMessage());

            assertThrows(IllegalArgumentException.class, () -> services.inventory().upsert(List.of(new Device(bad, "10.0.0.1", 22,
                    "cisco_ios", "", "", "", true, Optional.empty(), Map.of()))));
        }
        assertEquals(1, services.inventory().list().size(), "no bad name reached the inventory");
    }

    @Test
    void overLongOrMalformedIdsInThePathAnswer400() throws Exception {
        assertError(call("GET", "/devices/" + "d".repeat(5000), null, null), 400, "invalid_device_name");
        assertError(call("GET", "/devices/" + "d".repeat(129) + "/backups", null, null), 400, "invalid_device_name");
        assertError(call("GET", "/devices/../backups", null, null), 400, "invalid_device_name");
        assertError(call("GET", "/jobs/" + "j".repeat(5000), null, null), 400, "invalid_job_id");
        assertError(call("GET", "/jobs/api-20261201T000000Z-12345678", null, null), 404, "unknown_job");
    }

    @Test
    void backupRequestsListAtMost1000DevicesAndOnlyValidNames() throws Exception {
        var names = new ArrayList<String>();
        for (int i = 0; i < 45_000; i++) {
            names.add("dev-" + i);
        }
        assertError(call("POST", "/backups", "application/json", JSON.writeValueAsString(Map.of("devices", names))),
                400, "too_many_devices");
        assertError(call("POST", "/backups", "application/json", JSON.writeValueAsString(Map.of("devices", names.subList(0, 1001)))),
                400, "too_many_devices");
        assertError(call("POST", "/backups", "application/json", JSON.writeValueAsString(Map.of("devices", List.of("../../evil")))),
                400, "invalid_field");
        assertError(call("POST", "/backups", "application/json", JSON.writeValueAsString(Map.of("devices", names.subList(0, 1000)))),
                404, "unknown_device");
    }

    private static void assertError(ApiResponse response, int status, String error) throws Exception {
        assertEquals(status, response.status(), response.bodyText().length() > 300 ? response.bodyText().substring(0, 300) : response.bodyText());
        assertEquals(error, JSON.readTree(response.body()).get("error").asText());
    }

    private static ApiResponse call(String method, String path, String contentType, String body) {
        String decoded = java.net.URLDecoder.decode(path, StandardCharsets.UTF_8);
        return api.handle(new ApiRequest(method, decoded, Map.of(), contentType == null ? Map.of() : Map.of("content-type", contentType),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "test", "r"));
    }
}
