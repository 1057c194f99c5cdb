package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.ALICE;
import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** GET and PUT of the table documents through the real handler, with API Gateway fixtures. */
class TablesApiTest {
    static Services services;
    static ApiHandler handler;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("apitables");
        handler = new ApiHandler(services);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private static void seedConfiguration() {
        String table = services.tableNames().physical(AppTable.CONFIGURATION);
        services.dynamo().putItem(b -> b.tableName(table).item(Map.of(
                "key", AttributeValue.fromS("backup.retention.versions"), "value", AttributeValue.fromN("5"))));
        services.dynamo().putItem(b -> b.tableName(table).item(Map.of(
                "key", AttributeValue.fromS("limits.precise"),
                "value", AttributeValue.fromN("12345678901234567890123456789012345678"),
                "blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})),
                "nested", AttributeValue.fromM(Map.of("list", AttributeValue.fromL(List.of(
                        AttributeValue.fromNul(true), AttributeValue.fromBool(false), AttributeValue.fromSs(List.of("a", "b")))))))));
    }

    private static String exportConfiguration() {
        var response = handler.handleRequest(event("get-configuration.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/yaml", response.getHeaders().get("Content-Type"));
        return response.getBody();
    }

    /** The document's items as YAML text, one per entry, in key order (a parallel scan exports in any order). */
    @SuppressWarnings("unchecked")
    static List<String> items(String document) {
        var yaml = new Yaml();
        Map<String, Object> doc = yaml.load(document);
        return ((List<Object>) doc.get("items")).stream().map(yaml::dump).sorted().toList();
    }

    @Test
    void exportedConfigurationImportsBackUnchanged() {
        seedConfiguration();
        String exported = exportConfiguration();
        assertTrue(exported.startsWith("table: configuration\n"), exported);
        assertTrue(exported.contains("12345678901234567890123456789012345678"), exported);

        var put = event("put-configuration.json");
        put.setBody(exported);
        put.setQueryStringParameters(Map.of("mode", "replace"));
        put.setMultiValueQueryStringParameters(Map.of("mode", List.of("replace")));
        var response = handler.handleRequest(put, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode result = json(response);
        assertEquals("replace", result.get("mode").asText());
        assertEquals(0, result.get("deleted").asLong());
        assertEquals(items(exported), items(exportConfiguration()));
    }

    @Test
    void malformedYamlIsRefusedWithItsLineAndChangesNothing() {
        seedConfiguration();
        String before = exportConfiguration();
        var response = handler.handleRequest(event("put-configuration-malformed-yaml.json"), null);
        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = json(response);
        assertEquals("invalid_document", error.get("error").asText());
        assertEquals(6, error.get("line").asInt(), response.getBody());
        assertTrue(error.get("message").asText().contains("line 6"), response.getBody());
        assertTrue(error.get("message").asText().contains("nothing was imported"), response.getBody());
        assertFalse(response.getBody().contains("at io.cfgvault"), "no stack trace");
        assertEquals(items(before), items(exportConfiguration()), "mode=replace with a bad document deleted nothing");
        assertTrue(services.auditLog().list(Optional.empty(), Optional.of(ALICE), 100).stream().anyMatch(e ->
                e.get("action").equals("PUT /configuration") && e.get("result").equals("rejected")));
    }

    @Test
    void yamlBodyWithAnotherContentTypeIsRefusedWith415() {
        var response = handler.handleRequest(event("put-scheduler-text-plain.json"), null);
        assertEquals(415, response.getStatusCode(), response.getBody());
        JsonNode error = json(response);
        assertEquals("unsupported_media_type", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("'text/plain'"), response.getBody());
    }

    @Test
    void bodyOverSixMegabytesIsRefusedWith413() {
        seedConfiguration();
        String before = exportConfiguration();
        var put = event("put-configuration.json");
        put.setBody("table: configuration\n# " + "x".repeat(6 * 1024 * 1024) + "\n");
        var response = handler.handleRequest(put, null);
        assertEquals(413, response.getStatusCode(), response.getBody());
        assertEquals("body_too_large", json(response).get("error").asText());
        assertEquals(items(before), items(exportConfiguration()));
    }

    @Test
    void base64EncodedInventoryDocumentIsImported() {
        var response = handler.handleRequest(event("put-inventory-base64.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, json(response).get("written").asInt());
        var device = services.inventory().get("edge-rtr-01").orElseThrow().device();
        assertEquals("ISR4331", device.model());
        assertEquals("branch", device.group());
    }

    @Test
    void putRecordsAnAuditEntryWithTheCallersIamArn() {
        var response = handler.handleRequest(event("put-configuration.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());

        var audit = handler.handleRequest(event("get-audit.json"), null);
        assertEquals(200, audit.getStatusCode(), audit.getBody());
        JsonNode entry = null;
        for (JsonNode e : json(audit).get("entries")) {
            if (e.get("action").asText().equals("PUT /configuration") && e.get("result").asText().equals("ok")) {
                entry = e;
            }
        }
        assertTrue(entry != null, audit.getBody());
        assertEquals(ALICE, entry.get("actor").asText());
        assertEquals("configuration", entry.get("target").asText());
        assertEquals("merge", entry.get("details").get("mode").asText());
        assertEquals("2", entry.get("details").get("written").asText());
    }
}
