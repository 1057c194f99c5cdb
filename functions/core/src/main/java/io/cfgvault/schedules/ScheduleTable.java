package io.cfgvault.schedules;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The scheduler table's entries, read with the same rules as at write time. */
public final class ScheduleTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ScheduleTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.SCHEDULER);
    }

    /**
     * Every entry, enabled or not, by id.
     *
     * @throws ScheduleRejected naming the entry and field when one was written around the API and is malformed
     */
    public List<ScheduleEntry> all() {
        var out = new ArrayList<ScheduleEntry>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            out.add(ScheduleEntry.read(item));
        }
        out.sort(Comparator.comparing(ScheduleEntry::id));
        return out;
    }

    public Optional<ScheduleEntry> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ScheduleEntry.read(item));
    }
}
