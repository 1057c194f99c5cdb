package io.cfgvault.local.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfgvault.Services;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.AttributeYaml;
import io.cfgvault.tables.TableDocumentReader;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableImporter;
import io.cfgvault.yaml.YamlEvents;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Table documents are lossless: every DynamoDB type, nested, through YAML and through DynamoDB Local. */
class TableRoundTripProperties {

    @Provide
    Arbitrary<List<Map<String, AttributeValue>>> inventoryItems() {
        // inventory keys are device names, which imports validate; every other attribute stays arbitrary
        return AttributeArbitraries.items("name", AttributeArbitraries.deviceNames()).list().ofMaxSize(12)
                .uniqueElements(item -> item.get("name").s());
    }

    @Property(tries = 300)
    void documentRoundTripsEveryTypeExactly(@ForAll("inventoryItems") List<Map<String, AttributeValue>> items) {
        var out = new StringWriter();
        try (var yaml = new YamlEvents(out)) {
            yaml.startMap(false).field("table", "inventory").string("items").startList(false);
            items.forEach(item -> AttributeYaml.writeItem(yaml, item, "name"));
            yaml.endList().endMap();
        }
        var read = new ArrayList<Map<String, AttributeValue>>();
        TableDocumentReader.read(new StringReader(out.toString()), "generated", AppTable.INVENTORY, (item, line) -> read.add(item));
        assertEquals(Canonical.items(items), Canonical.items(read), out.toString());
    }

    @Property(tries = 12)
    void exportThenImportIntoAnotherTableGivesEqualItems(@ForAll("inventoryItems") List<Map<String, AttributeValue>> items) throws Exception {
        try (Services source = SharedAws.isolated("rtsrc"); Services target = SharedAws.isolated("rtdst")) {
            String sourceTable = source.tableNames().physical(AppTable.INVENTORY);
            for (var item : items) {
                source.dynamo().putItem(b -> b.tableName(sourceTable).item(item));
            }
            var file = Files.createTempFile("inventory-", ".yaml");
            try {
                new TableExporter(source.dynamo(), source.tableNames(), source.store(), 3).writeDocument(AppTable.INVENTORY, file);
                target.tableImporter().importDocument(AppTable.INVENTORY, TableImporter.source(file), TableImporter.Mode.MERGE);
            } finally {
                Files.deleteIfExists(file);
            }
            assertEquals(Canonical.items(scan(source.dynamo(), sourceTable)),
                    Canonical.items(scan(target.dynamo(), target.tableNames().physical(AppTable.INVENTORY))));
        }
    }

    @Example
    void numberWith38DigitsAndExponentRoundTrips() throws Exception {
        try (Services services = SharedAws.isolated("n38")) {
            String table = services.tableNames().physical(AppTable.CONFIGURATION);
            String big = "12345678901234567890123456789012345678";
            String tiny = "1.2345678901234567890123456789012345678E-120";
            services.dynamo().putItem(b -> b.tableName(table).item(Map.of("key", AttributeValue.fromS("n"),
                    "big", AttributeValue.fromN(big), "tiny", AttributeValue.fromN(tiny),
                    "set", AttributeValue.fromNs(List.of(big, "-" + big, "9.9E125")))));
            var file = Files.createTempFile("configuration-", ".yaml");
            new TableExporter(services.dynamo(), services.tableNames(), services.store(), 1).writeDocument(AppTable.CONFIGURATION, file);
            String text = Files.readString(file);
            services.dynamo().deleteItem(b -> b.tableName(table).key(Map.of("key", AttributeValue.fromS("n"))));
            services.tableImporter().importDocument(AppTable.CONFIGURATION, TableImporter.source(file), TableImporter.Mode.MERGE);
            var back = services.dynamo().getItem(b -> b.tableName(table).key(Map.of("key", AttributeValue.fromS("n"))).consistentRead(true)).item();
            assertEquals(new java.math.BigDecimal(big), new java.math.BigDecimal(back.get("big").n()), text);
            assertEquals(0, new java.math.BigDecimal(tiny).compareTo(new java.math.BigDecimal(back.get("tiny").n())), text);
            assertEquals(3, back.get("set").ns().size());
            Files.deleteIfExists(file);
        }
    }

    static List<Map<String, AttributeValue>> scan(DynamoDbClient ddb, String table) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        ddb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }
}
