package io.cfgvault.settings;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@link ConfigurationStore} on the DynamoDB configuration table ({@code key} -> {@code value} items). */
public final class DynamoConfigurationStore implements ConfigurationStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConfigurationStore(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.CONFIGURATION);
    }

    @Override
    public Configuration load() {
        var map = new HashMap<String, String>();
        for (var page : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))) {
            for (var item : page.items()) {
                AttributeValue key = item.get("key");
                AttributeValue value = item.get("value");
                if (key != null && key.s() != null && value != null) {
                    // Written by hand or by an import, a value may be a number or a boolean; all read as text.
                    String text = value.s() != null ? value.s() : value.n() != null ? value.n()
                            : value.bool() != null ? value.bool().toString() : null;
                    if (text != null) {
                        map.put(key.s(), text);
                    }
                }
            }
        }
        return new Configuration(map);
    }

    @Override
    public void put(Map<String, String> entries) {
        entries.forEach((k, v) -> dynamo.putItem(b -> b.tableName(table)
                .item(Map.of("key", AttributeValue.fromS(k), "value", AttributeValue.fromS(v)))));
    }

    @Override
    public void remove(String key) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("key", AttributeValue.fromS(key))));
    }
}
