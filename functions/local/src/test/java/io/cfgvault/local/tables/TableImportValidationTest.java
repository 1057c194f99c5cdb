package io.cfgvault.local.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImportException;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A bad import names file, line and field, and leaves the table exactly as it was. */
class TableImportValidationTest {
    static Services services;
    static String table;

    static final String GOOD = """
            table: inventory
            keySchema: {hash: name}
            items:
            - name: {S: r1}
              port: {N: '22'}
            - name: {S: r2}
              port: {N: '830'}
            """;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("importvalidation");
        table = services.tableNames().physical(AppTable.INVENTORY);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @BeforeEach
    void seed() {
        services.tableImporter().importDocument(AppTable.INVENTORY, TableImporter.source("seed.yaml", bytes(GOOD)), TableImporter.Mode.REPLACE);
    }

    @Test
    void malformedYamlIsRejectedWithLineAndNothingChanges() {
        var before = TableRoundTripProperties.scan(services.dynamo(), table);
        var e = rejected("""
                table: inventory
                items:
                - name: {S: r3}
                  port: {N: '22'
                - name: {S: r4}
                """);
        assertTrue(e.getMessage().startsWith("bad.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
        assertTrue(e.line() >= 4, "line " + e.line());
        assertEquals(Canonical.items(before), Canonical.items(TableRoundTripProperties.scan(services.dynamo(), table)));
    }

    @Test
    void typeMismatchNamesLineAndFieldEvenAfterGoodItems() {
        var e = rejected("""
                table: inventory
                items:
                - name: {S: r1}
                  port: {N: '2222'}
                - name: {S: r9}
                  port: {N: twenty-two}
                """);
        assertEquals(6, e.line());
        assertEquals("items[1].port.N", e.field());
        assertTrue(e.getMessage().contains("'twenty-two' is not a number"), e.getMessage());
        var r1 = services.dynamo().getItem(b -> b.tableName(table).key(Map.of("name", AttributeValue.fromS("r1"))).consistentRead(true)).item();
        assertEquals("22", r1.get("port").n(), "the valid item before the bad one was not written either");
    }

    @Test
    void itemWithoutKeyIsRejected() {
        var e = rejected("""
                table: inventory
                items:
                - host: {S: 10.1.1.1}
                """);
        assertEquals("items[0]", e.field());
        assertTrue(e.getMessage().contains("has no key attribute 'name'"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void keyOfWrongTypeAndUnknownTypesAndWrongTableAreRejected() {
        assertEquals("items[0].name", rejected("table: inventory\nitems:\n- name: {N: '1'}\n").field());
        assertTrue(rejected("table: inventory\nitems:\n- name: {S: a}\n  x: {STRING: a}\n").getMessage().contains("unknown type 'STRING'"));
        assertTrue(rejected("table: scheduler\nitems: []\n").getMessage().contains("export of table 'scheduler'"));
        assertTrue(rejected("table: inventory\nitems:\n- name: {S: a}\n  s: {SS: [x, x]}\n").getMessage().contains("duplicate set member"));
        assertTrue(rejected("table: inventory\nitems:\n- name: {S: a}\n- name: {S: a}\n").getMessage().contains("duplicate key 'a'"));
        assertTrue(rejected("table: inventory\nitems:\n- name: {S: a}\n  n: {N: '1234567890123456789012345678901234567890'}\n")
                .getMessage().contains("more than 38 significant digits"));
    }

    @Test
    void replaceDeletesItemsAbsentFromTheFileAndMergeKeepsThem() {
        String onlyR1 = "table: inventory\nitems:\n- name: {S: r1}\n  port: {N: '2200'}\n";
        var merged = services.tableImporter().importDocument(AppTable.INVENTORY, TableImporter.source("m.yaml", bytes(onlyR1)), TableImporter.Mode.MERGE);
        assertEquals(0, merged.deleted());
        assertEquals(2, TableRoundTripProperties.scan(services.dynamo(), table).size());
        var replaced = services.tableImporter().importDocument(AppTable.INVENTORY, TableImporter.source("r.yaml", bytes(onlyR1)), TableImporter.Mode.REPLACE);
        assertEquals(1, replaced.deleted());
        var items = TableRoundTripProperties.scan(services.dynamo(), table);
        assertEquals(List.of("r1"), items.stream().map(i -> i.get("name").s()).toList());
        assertEquals("2200", items.get(0).get("port").n());
    }

    private TableImportException rejected(String yaml) {
        return assertThrows(TableImportException.class, () -> services.tableImporter()
                .importDocument(AppTable.INVENTORY, TableImporter.source("bad.yaml", bytes(yaml)), TableImporter.Mode.REPLACE));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
