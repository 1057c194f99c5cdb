package io.cfgvault.audit;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@link AuditLog} on the DynamoDB audit table; entries expire by TTL. */
public final class DynamoAuditLog implements AuditLog {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration ttl;

    public DynamoAuditLog(DynamoDbClient dynamo, TableNames names, Clock clock, Duration ttl) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.AUDIT);
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public void record(String actor, String action, String target, String result, Map<String, String> details) {
        Instant now = clock.instant();
        var item = new HashMap<String, AttributeValue>();
        // Time first so that ids sort by time; the UUID keeps concurrent entries apart.
        item.put("id", AttributeValue.fromS(now + "#" + UUID.randomUUID()));
        item.put("at", AttributeValue.fromS(now.toString()));
        item.put("actor", AttributeValue.fromS(actor));
        item.put("action", AttributeValue.fromS(action));
        item.put("target", AttributeValue.fromS(target));
        item.put("result", AttributeValue.fromS(result));
        var d = new HashMap<String, AttributeValue>();
        details.forEach((k, v) -> d.put(k, AttributeValue.fromS(v == null ? "" : v)));
        item.put("details", AttributeValue.fromM(d));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(now.plus(ttl).getEpochSecond())));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<Map<String, Object>> list(Optional<Instant> since, Optional<String> actor, int limit) {
        var out = new ArrayList<Map<String, Object>>();
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var filters = new ArrayList<String>();
        since.ifPresent(t -> {
            names.put("#at", "at");
            values.put(":since", AttributeValue.fromS(t.toString()));
            filters.add("#at >= :since");
        });
        actor.ifPresent(a -> {
            names.put("#actor", "actor");
            values.put(":actor", AttributeValue.fromS(a));
            filters.add("#actor = :actor");
        });
        dynamo.scanPaginator(b -> {
            b.tableName(table).consistentRead(true);
            if (!filters.isEmpty()) {
                b.filterExpression(String.join(" AND ", filters)).expressionAttributeNames(names).expressionAttributeValues(values);
            }
        }).items().forEach(item -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("at", item.get("at").s());
            m.put("actor", item.get("actor").s());
            m.put("action", item.get("action").s());
            m.put("target", item.get("target").s());
            m.put("result", item.get("result").s());
            var d = new LinkedHashMap<String, String>();
            if (item.containsKey("details")) {
                item.get("details").m().forEach((k, v) -> d.put(k, v.s()));
            }
            m.put("details", d);
            out.add(m);
        });
        out.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("at")).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
