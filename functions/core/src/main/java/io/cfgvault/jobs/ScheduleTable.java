package io.cfgvault.jobs;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The scheduler table: backup jobs with their own cron expression and device selector. Each tick of the
 * deployment's schedule runs the entries that fell due since the previous tick; with no enabled entry, a tick
 * runs one job for every device.
 */
public final class ScheduleTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public ScheduleTable(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.SCHEDULER);
    }

    /** One enabled entry: {@code id}, {@code cron}, {@code selector} {devices, model, group}, {@code tables} (default true). */
    public record Entry(String id, AwsCron cron, JobRequest.DeviceSelector selector, boolean tables) {}

    /**
     * The enabled entries.
     *
     * @throws IllegalArgumentException naming the entry and field when one is malformed (nothing runs then)
     */
    public List<Entry> enabled() {
        var out = new ArrayList<Entry>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            String id = item.get("id").s();
            AttributeValue enabled = item.get("enabled");
            if (enabled != null && Boolean.FALSE.equals(enabled.bool())) {
                continue;
            }
            AttributeValue cron = item.get("cron");
            if (cron == null || cron.s() == null) {
                throw new IllegalArgumentException("scheduler entry '" + id + "': field 'cron' is missing (e.g. {S: 'cron(0 * * * ? *)'})");
            }
            AwsCron parsed;
            try {
                parsed = AwsCron.parse(cron.s());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scheduler entry '" + id + "': field 'cron': " + e.getMessage());
            }
            AttributeValue tables = item.get("tables");
            out.add(new Entry(id, parsed, selector(id, item.get("selector")), tables == null || !Boolean.FALSE.equals(tables.bool())));
        }
        out.sort(Comparator.comparing(Entry::id));
        return out;
    }

    /** Jobs that fell due in {@code (after, until]}: one request per entry and fire time. */
    public static List<JobRequest> due(List<Entry> entries, Instant after, Instant until) {
        var out = new ArrayList<JobRequest>();
        for (Entry e : entries) {
            for (Instant fire : e.cron().firesBetween(after, until)) {
                out.add(new JobRequest(Trigger.SCHEDULE, fire, e.tables(), true, e.selector(), "eventbridge", Optional.of(e.id())));
            }
        }
        out.sort(Comparator.comparing(JobRequest::time));
        return out;
    }

    private static JobRequest.DeviceSelector selector(String id, AttributeValue v) {
        if (v == null) {
            return JobRequest.DeviceSelector.all();
        }
        if (!v.hasM()) {
            throw new IllegalArgumentException("scheduler entry '" + id + "': field 'selector' must be a map {devices, model, group}");
        }
        Map<String, AttributeValue> m = v.m();
        List<String> devices = List.of();
        AttributeValue d = m.get("devices");
        if (d != null) {
            devices = d.hasSs() ? d.ss() : d.hasL() ? d.l().stream().map(AttributeValue::s).toList()
                    : d.s() != null ? List.of(d.s().split("\\s*,\\s*")) : List.of();
        }
        return new JobRequest.DeviceSelector(devices, Optional.ofNullable(m.get("model")).map(AttributeValue::s),
                Optional.ofNullable(m.get("group")).map(AttributeValue::s));
    }
}
