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

/** The {@link ScheduleTable} port on the DynamoDB scheduler table. */
public final class DynamoScheduleTable implements ScheduleTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoScheduleTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.SCHEDULER);
    }

    @Override
    public List<ScheduleEntry> all() {
        var out = new ArrayList<ScheduleEntry>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            out.add(ScheduleEntry.read(item));
        }
        out.sort(Comparator.comparing(ScheduleEntry::id));
        return out;
    }

    @Override
    public Optional<ScheduleEntry> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ScheduleEntry.read(item));
    }
}
