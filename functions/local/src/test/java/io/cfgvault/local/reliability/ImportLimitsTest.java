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
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.PartialImportException;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Fault injection on table imports, against DynamoDB Local through the real API: documents that break
 * DynamoDB's limits after 30 good items are refused with 400 invalid_document and change nothing, absurdly deep
 * documents get an answer instead of a dead thread, and a write that fails part-way says which items it wrote.
 */
class ImportLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static Api api;
    static String table;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("importlimits");
        api = Api.create(services);
        table = services.tableNames().physical(AppTable.INVENTORY);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @BeforeEach
    void seed() {
        services.tableImporter().importDocument(AppTable.INVENTORY, TableImporter.source("seed.yaml",
                bytes("table: inventory\nitems:\n- name: {S: keep}\n  port: {N: '22'}\n")), TableImporter.Mode.REPLACE);
    }

    /** 30 valid items, then {@code last} as the 31st. */
    private static String document(String last) {
        var s = new StringBuilder("table: inventory\nkeySchema: {hash: name}\nitems:\n");
        for (int i = 0; i < 30; i++) {
            s.append("- name: {S: good-").append(i).append("}\n  port: {N: '22'}\n");
        }
        return s.append(last).toString();
    }

    private static JsonNode refused(String document, String expectedField, String expectedProblem) throws Exception {
        var before = contents();
        ApiResponse response = put("/inventory", Map.of("mode", List.of("replace")), document);
        assertEquals(400, response.status(), response.bodyText());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("invalid_document", body.get("error").asText());
        assertTrue(body.get("field").asText().startsWith(expectedField), body.toString());
        assertTrue(body.get("line").asInt() > 0, body.toString());
        assertTrue(body.get("message").asText().contains(expectedProblem), body.toString());
        assertEquals(before, contents(), "a refused document changed the table");
        return body;
    }

    // Configuration keys have no naming rule beyond DynamoDB's (inventory keys are device names, at most 128).
    @Test
    void hashKeyOver2048BytesIsRefusedBeforeAnyWrite() throws Exception {
        String doc = configuration("- key: {S: " + "k".repeat(2049) + "}\n");
        ApiResponse response = put("/configuration", Map.of("mode", List.of("merge")), doc);
        assertEquals(400, response.status(), response.bodyText());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("items[30].key", body.get("field").asText());
        assertEquals(64, body.get("line").asInt());
        assertTrue(body.get("message").asText().contains("at most 2048 bytes"), body.toString());
        assertEquals(0, services.dynamo().scan(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))).count(),
                "none of the 30 good items before it was written");
    }

    @Test
    void hashKeyOfExactly2048BytesIsWritten() throws Exception {
        String key = "\u00e9".repeat(1024); // 2 bytes each in UTF-8
        var response = put("/configuration", Map.of(), configuration("- key: {S: " + key + "}\n"));
        assertEquals(200, response.status(), response.bodyText());
        assertEquals(31, services.dynamo().scan(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .consistentRead(true)).count());
        services.tableImporter().importDocument(AppTable.CONFIGURATION, TableImporter.source("empty.yaml",
                bytes("table: configuration\nitems: []\n")), TableImporter.Mode.REPLACE);
    }

    private static String configuration(String last) {
        var s = new StringBuilder("table: configuration\nkeySchema: {hash: key}\nitems:\n");
        for (int i = 0; i < 30; i++) {
            s.append("- key: {S: good-").append(i).append("}\n  value: {N: '22'}\n");
        }
        return s.append(last).toString();
    }

    @Test
    void itemOver400KbIsRefusedBeforeAnyWrite() throws Exception {
        refused(document("- name: {S: big}\n  a: {S: " + "x".repeat(210_000) + "}\n  b: {S: " + "y".repeat(210_000) + "}\n"),
                "items[30]", "400 KB");
    }

    @Test
    void nestingDeeperThanDynamoDbsLimitIsRefusedAndTheDeepestAllowedIsWritten() throws Exception {
        refused(document("- name: {S: deep}\n  v: " + nested(32) + "\n"), "items[30].v", "more than 31 M/L levels");
        var response = put("/inventory", Map.of(), document("- name: {S: deep}\n  v: " + nested(31) + "\n"));
        assertEquals(200, response.status(), "DynamoDB takes 32 levels, so the importer must too: " + response.bodyText());
    }

    @Test
    void documentsNested100000LevelsDeepGetA400NotADeadThread() throws Exception {
        refused(document("- name: {S: deep}\n  v: " + nested(100_000) + "\n"), "items[30].v", "more than 31 M/L levels");
        refused(document("- name: {S: deep}\n  v: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n"),
                "items[30].v", "expected a typed value");
    }

    @Test
    void emptyAttributeNamesAreRefusedAtEveryLevel() throws Exception {
        refused(document("- name: {S: e}\n  '': {S: x}\n"), "items[30]", "attribute name is empty");
        refused(document("- name: {S: e}\n  m: {M: {'': {S: x}}}\n"), "items[30].m.M", "attribute name is empty");
    }

    @Test
    void theCliPathNamesFileLineAndFieldToo() {
        var e = assertThrows(io.cfgvault.tables.TableImportException.class, () -> services.tableImporter()
                .importDocument(AppTable.CONFIGURATION, TableImporter.source("conf.yaml", bytes(configuration("- key: {S: " + "k".repeat(3000) + "}\n"))),
                        TableImporter.Mode.MERGE));
        assertTrue(e.getMessage().startsWith("conf.yaml:64: items[30].key: key is 3000 bytes"), e.getMessage());
    }

    @Test
    void aWriteThatFailsPartWayReportsExactlyWhichItemsWereWritten() {
        var calls = new AtomicInteger();
        DynamoDbClient failing = new FailingDynamo(services.dynamo(), () -> calls.incrementAndGet() == 2);
        var importer = new TableImporter(failing, services.tableNames());
        var e = assertThrows(PartialImportException.class, () -> importer.importDocument(AppTable.INVENTORY,
                TableImporter.source("inv.yaml", bytes(document("- name: {S: last}\n"))), TableImporter.Mode.MERGE));
        assertEquals(25, e.written(), e.getMessage());
        var written = new ArrayList<String>();
        for (int i = 0; i < 25; i++) {
            written.add("good-" + i);
        }
        assertEquals(written, e.writtenKeys());
        assertTrue(e.getMessage().contains("25 of 31 items were written"), e.getMessage());
        var inTable = contents().keySet();
        assertTrue(inTable.containsAll(written) && !inTable.contains("good-25") && !inTable.contains("last"),
                "the report matches the table: " + inTable);
    }

    private static String nested(int levels) {
        return "{M: {a: ".repeat(levels) + "{S: x}" + "}}".repeat(levels);
    }

    static ApiResponse put(String path, Map<String, List<String>> query, String yaml) {
        return api.handle(new ApiRequest("PUT", path, query, Map.of("content-type", "application/yaml"),
                bytes(yaml), "test", "req-1"));
    }

    static Map<String, Map<String, AttributeValue>> contents() {
        var out = new TreeMap<String, Map<String, AttributeValue>>();
        services.dynamo().scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(i -> out.put(i.get("name").s(), i));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The real client, except that chosen BatchWriteItem calls fail as a network fault would. */
    static final class FailingDynamo implements DynamoDbClient {
        private final DynamoDbClient real;
        private final java.util.function.BooleanSupplier failNow;

        FailingDynamo(DynamoDbClient real, java.util.function.BooleanSupplier failNow) {
            this.real = real;
            this.failNow = failNow;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            if (failNow.getAsBoolean()) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection reset (injected)");
            }
            return real.batchWriteItem(request);
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            return real.scan(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {}
    }
}
