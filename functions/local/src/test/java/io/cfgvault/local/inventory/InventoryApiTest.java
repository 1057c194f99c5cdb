package io.cfgvault.local.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * POST /inventory/sync and POST /inventory/import through the same ApiHandler as in Lambda, with API Gateway
 * events, NetBox served as recorded JSON on 127.0.0.1 (it cannot run here), DynamoDB Local behind.
 */
class InventoryApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Services services;
    RecordedDcim netbox;
    ApiHandler handler;

    @BeforeEach
    void start() throws Exception {
        services = SharedAws.isolated("invapi", b -> b.sourceTokens(InventorySyncTest.environmentTokens()));
        netbox = new RecordedDcim("netbox-devices-page1.json", "netbox-devices-page2.json");
        handler = new ApiHandler(services);
    }

    @AfterEach
    void stop() {
        netbox.close();
        services.close();
    }

    void configure(String key, String value) {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    static APIGatewayProxyRequestEvent event(String name) {
        return EventLoader.loadApiGatewayRestEvent("events/api/" + name);
    }

    static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Test
    void syncDryRunReturnsTheChangeSetAndWritesNothing() throws Exception {
        configure("inventory.netbox.url", netbox.url().toString());

        var response = handler.handleRequest(event("post-inventory-sync.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = json(response.getBody());
        assertTrue(body.get("dryRun").asBoolean());
        assertEquals(3, body.get("added").size());
        assertEquals("fra1-core-01", body.get("added").get(0).get("device").asText());
        assertEquals("cisco_ios", body.get("added").get(0).get("platform").asText());
        assertEquals("fra1-pdu-01", body.get("skipped").get(0).get("device").asText());
        assertTrue(services.inventory().list().isEmpty());
        assertTrue(netbox.requests.getFirst().query().contains("site=fra1"));
    }

    @Test
    void syncWritesWhenNotADryRunAndIsAudited() throws Exception {
        configure("inventory.netbox.url", netbox.url().toString());
        var e = event("post-inventory-sync.json");
        e.setBody("{\"source\": \"netbox\", \"filters\": [\"site=fra1\"], \"credentials\": \"noc\"}");

        var response = handler.handleRequest(e, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertFalse(json(response.getBody()).get("dryRun").asBoolean());
        assertEquals("noc", services.inventory().get("fra1-core-01").orElseThrow().device().credentials());
        var audit = services.auditLog().list(java.util.Optional.empty(), java.util.Optional.empty(), 10);
        assertTrue(audit.toString().contains("POST /inventory/sync"), audit.toString());
    }

    @Test
    void syncWithoutAConfiguredUrlIsRefusedSoTheTokenGoesNowhereElse() throws Exception {
        var e = event("post-inventory-sync.json");
        e.setBody("{\"source\": \"netbox\", \"url\": \"https://attacker.example\"}");

        var response = handler.handleRequest(e, null);

        assertEquals(400, response.getStatusCode());
        assertTrue(json(response.getBody()).get("message").asText().contains("inventory.netbox.url"), response.getBody());
        assertTrue(netbox.requests.isEmpty());

        configure("inventory.netbox.url", netbox.url().toString());
        response = handler.handleRequest(e, null);
        assertEquals(400, response.getStatusCode());
        assertTrue(json(response.getBody()).get("message").asText().contains("must be the configured inventory.netbox.url"));
    }

    @Test
    void rejectingNetboxIs502WithTheReasonAndChangesNothing() throws Exception {
        configure("inventory.netbox.url", netbox.url().toString());
        netbox.mode(RecordedDcim.Mode.UNAUTHORIZED);
        var e = event("post-inventory-sync.json");
        e.setBody("{\"source\": \"netbox\"}");

        var response = handler.handleRequest(e, null);

        assertEquals(502, response.getStatusCode());
        String message = json(response.getBody()).get("message").asText();
        assertTrue(message.contains("refused the API token (HTTP 401: Invalid token)") && message.contains("the inventory was not changed"), message);
        assertFalse(response.getBody().contains(InventorySyncTest.TOKEN));
        assertTrue(services.inventory().list().isEmpty());
    }

    @Test
    void csvImportReportsUnknownPlatformsPerDevice() throws Exception {
        var response = handler.handleRequest(event("post-inventory-import-csv.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = json(response.getBody());
        assertEquals(List.of("core-01"), List.of(body.get("added").get(0).get("device").asText()));
        assertEquals("ups-01", body.get("skipped").get(0).get("device").asText());
        assertEquals("default", services.inventory().get("core-01").orElseThrow().device().credentials());
    }

    @Test
    void csvWithABadRowIs400NamingLineAndColumnAndImportsNothing() throws Exception {
        var e = event("post-inventory-import-csv.json");
        e.setBody("name,host,platform\ncore-01,10.0.0.1,cisco_ios\ncore-02,,cisco_ios\n");

        var response = handler.handleRequest(e, null);

        assertEquals(400, response.getStatusCode());
        assertEquals("body: line 3, column 'host': the host is empty (nothing was imported)",
                json(response.getBody()).get("message").asText());
        assertTrue(services.inventory().list().isEmpty());
    }

    @Test
    void routerDbImportWithSeparatorAndMap() throws Exception {
        var e = event("post-inventory-import-csv.json");
        e.setHeaders(Map.of("Content-Type", "text/plain"));
        e.setMultiValueHeaders(Map.of("Content-Type", List.of("text/plain")));
        e.setQueryStringParameters(Map.of("format", "oxidized", "separator", "|", "map", "name=0,ip=1,model=2", "dryRun", "true"));
        e.setMultiValueQueryStringParameters(Map.of("format", List.of("oxidized"), "separator", List.of("|"),
                "map", List.of("name=0,ip=1,model=2"), "dryRun", List.of("true")));
        e.setBody("# migrated from oxidized\nedge-01|10.9.0.1|junos\n");

        var response = handler.handleRequest(e, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode added = json(response.getBody()).get("added").get(0);
        assertEquals("edge-01", added.get("device").asText());
        assertEquals("10.9.0.1", added.get("host").asText());
        assertEquals("juniper_junos", added.get("platform").asText());
        assertEquals("oxidized", json(response.getBody()).get("source").asText());
        assertTrue(services.inventory().list().isEmpty(), "dry run");
    }
}
