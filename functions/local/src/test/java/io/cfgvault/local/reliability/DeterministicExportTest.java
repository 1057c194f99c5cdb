package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableExporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exports are byte-identical for identical content (items sorted by key, whatever the parallel scan's order),
 * carry their item count and digest, and a truncated export cannot wipe a table through mode=replace.
 */
class DeterministicExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static Api api;
    static String table;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("detexport");
        api = Api.create(services);
        table = services.tableNames().physical(AppTable.INVENTORY);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @BeforeEach
    void seed() {
        services.dynamo().scanPaginator(b -> b.tableName(table)).items().forEach(i ->
                services.dynamo().deleteItem(b -> b.tableName(table).key(Map.of("name", i.get("name")))));
        var names = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            names.add("dev-" + i);
        }
        Collections.shuffle(names, new Random(7));
        for (String n : names) {
            services.dynamo().putItem(b -> b.tableName(table).item(Map.of("name", AttributeValue.fromS(n),
                    "host", AttributeValue.fromS("10.0.0." + n.length()), "port", AttributeValue.fromN("22"))));
        }
    }

    @Test
    void twoExportsOfAnUnchangedTableAreByteIdenticalAndSortedByKey() throws Exception {
        byte[] first = new TableExporter(services.dynamo(), services.tableNames(), services.store(), 4).documentBytes(AppTable.INVENTORY);
        byte[] second = new TableExporter(services.dynamo(), services.tableNames(), services.store(), 3).documentBytes(AppTable.INVENTORY);
        assertArrayEquals(first, second, "different scan parallelism, same bytes");
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("table: inventory\nkeySchema: {hash: name}\ncount: 60\ndigest: 60-"), text);
        var keys = new ArrayList<String>();
        for (String line : text.split("\n")) {
            if (line.startsWith("- name: {S: ")) {
                keys.add(line.substring("- name: {S: ".length(), line.length() - 1));
            }
        }
        var sorted = new ArrayList<>(keys);
        Collections.sort(sorted);
        assertEquals(60, keys.size());
        assertEquals(sorted, keys);
    }

    @Test
    void anUntouchedExportImportsWithReplace() {
        String doc = get();
        var response = put(doc, Map.of("mode", List.of("replace")));
        assertEquals(200, response.status(), response.bodyText());
        assertEquals(doc, get(), "import of an export changes nothing");
    }

    @Test
    void aTruncatedExportIsRefusedByReplaceUnlessForced() throws Exception {
        String doc = get();
        int cut = doc.indexOf("- name: {S: dev-39}");
        String truncated = doc.substring(0, cut); // still parses: the list just ends early
        var response = put(truncated, Map.of("mode", List.of("replace")));
        assertEquals(400, response.status(), response.bodyText());
        var body = JSON.readTree(response.body());
        assertEquals("invalid_document", body.get("error").asText());
        assertEquals("count", body.get("field").asText());
        assertEquals(3, body.get("line").asInt());
        assertTrue(body.get("message").asText().contains("says it holds 60 items but holds"), body.toString());
        assertEquals(doc, get(), "nothing was deleted");

        var merged = put(truncated, Map.of("mode", List.of("merge")));
        assertEquals(200, merged.status(), "merge cannot delete, so it takes a partial document: " + merged.bodyText());

        var forced = put(truncated, Map.of("mode", List.of("replace"), "force", List.of("true")));
        assertEquals(200, forced.status(), forced.bodyText());
        assertTrue(JSON.readTree(forced.body()).get("deleted").asInt() > 0);
    }

    @Test
    void anEditedItemIsCaughtByTheDigest() throws Exception {
        String edited = get().replace("- name: {S: dev-5}\n  host: {S: 10.0.0.5}", "- name: {S: dev-5}\n  host: {S: 10.9.9.9}");
        assertTrue(edited.contains("10.9.9.9"), "the edit applied");
        var response = put(edited, Map.of("mode", List.of("replace")));
        assertEquals(400, response.status(), response.bodyText());
        assertTrue(JSON.readTree(response.body()).get("message").asText().contains("digest does not match"));
    }

    private static String get() {
        ApiResponse r = api.handle(new ApiRequest("GET", "/inventory", Map.of(), Map.of(), new byte[0], "test", "r"));
        assertEquals(200, r.status(), r.bodyText());
        return r.bodyText();
    }

    private static ApiResponse put(String yaml, Map<String, List<String>> query) {
        return api.handle(new ApiRequest("PUT", "/inventory", query, Map.of("content-type", "application/yaml"),
                yaml.getBytes(StandardCharsets.UTF_8), "test", "r"));
    }
}
