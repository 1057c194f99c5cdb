package io.cfgvault.inventory;

import io.cfgvault.store.Names;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The {@link InventoryStore} on the DynamoDB inventory table, one item per device. */
public final class DynamoInventoryStore implements InventoryStore {
    public static final String STATE = "state";
    /** Identity of the inventory source that brought the device in ({@code netbox https://nb.example.com}, {@code csv}). */
    public static final String SOURCE = "source";
    /** The source's own id of the device (NetBox id, Nautobot UUID). */
    public static final String SOURCE_REF = "sourceRef";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoInventoryStore(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.INVENTORY);
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        Optional<RestoreLock> lock = Optional.ofNullable(item.get("restoreLock")).map(AttributeValue::m)
                .map(m -> new RestoreLock(m.get("actor").s(), Optional.ofNullable(m.get("job")).map(AttributeValue::s),
                        Instant.parse(m.get("at").s())));
        return new Entry(device(item), state(item.get(STATE)), lock);
    }

    @Override
    public List<Entry> list() {
        var out = new ArrayList<Entry>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()) {
            out.add(entry(item));
        }
        out.sort((a, b) -> a.device().name().compareTo(b.device().name()));
        return out;
    }

    @Override
    public Iterable<List<Entry>> pages() {
        return () -> {
            var responses = dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return responses.hasNext();
                }

                @Override
                public List<Entry> next() {
                    var page = new ArrayList<Entry>();
                    for (var item : responses.next().items()) {
                        page.add(new Entry(device(item), state(item.get(STATE))));
                    }
                    page.sort((a, b) -> a.device().name().compareTo(b.device().name()));
                    return page;
                }
            };
        };
    }

    @Override
    public Optional<Entry> get(String name) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(name)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(entry(item));
    }

    @Override
    public Map<String, Entry> getAll(java.util.Collection<String> names) {
        var out = new HashMap<String, Entry>();
        io.cfgvault.tables.BatchReads.get(dynamo, table, names.stream().map(DynamoInventoryStore::key).toList(), null,
                item -> out.put(item.get("name").s(), entry(item)));
        return out;
    }

    @Override
    public void upsert(List<Device> devices) {
        // Every name is checked before the first write, whichever source (file, API, sync) the devices came from.
        for (Device d : devices) {
            Names.deviceNameProblem(d.name()).ifPresent(problem -> {
                throw new IllegalArgumentException("inventory: " + problem);
            });
        }
        for (Device d : devices) {
            var names = new HashMap<String, String>();
            var values = new HashMap<String, AttributeValue>();
            var sets = new ArrayList<String>();
            putDeviceFields(sets, names, values, d);
            var opts = new HashMap<String, AttributeValue>();
            d.options().forEach((k, v) -> opts.put(k, AttributeValue.fromS(v)));
            put(sets, names, values, "options", AttributeValue.fromM(opts));
            d.hostKey().ifPresent(k -> put(sets, names, values, "hostKey", AttributeValue.fromS(k)));
            dynamo.updateItem(b -> b.tableName(table).key(key(d.name()))
                    .updateExpression("SET " + String.join(", ", sets))
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        }
    }

    @Override
    public Map<String, Origin> origins() {
        var out = new HashMap<String, Origin>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)
                .projectionExpression("#n, #src, #ref")
                .expressionAttributeNames(Map.of("#n", "name", "#src", SOURCE, "#ref", SOURCE_REF))).items()) {
            AttributeValue src = item.get(SOURCE);
            if (src != null && src.s() != null) {
                AttributeValue ref = item.get(SOURCE_REF);
                out.put(item.get("name").s(), new Origin(src.s(), ref == null || ref.s() == null ? "" : ref.s()));
            }
        }
        return out;
    }

    @Override
    public void upsertFromSource(Device d, String source, String ref) {
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var sets = new ArrayList<String>();
        putDeviceFields(sets, names, values, d);
        put(sets, names, values, SOURCE, AttributeValue.fromS(source));
        put(sets, names, values, SOURCE_REF, AttributeValue.fromS(ref));
        dynamo.updateItem(b -> b.tableName(table).key(key(d.name()))
                .updateExpression("SET " + String.join(", ", sets))
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    @Override
    public void pinHostKey(String name, String hostKey) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(name))
                    .updateExpression("SET hostKey = :k")
                    .conditionExpression("attribute_exists(#n) AND attribute_not_exists(hostKey)")
                    .expressionAttributeNames(Map.of("#n", "name"))
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(hostKey))));
        } catch (ConditionalCheckFailedException alreadyPinned) {
            // first pin wins
        }
    }

    @Override
    public void clearHostKey(String name) {
        dynamo.updateItem(b -> b.tableName(table).key(key(name)).updateExpression("REMOVE hostKey")
                .conditionExpression("attribute_exists(#n)").expressionAttributeNames(Map.of("#n", "name")));
    }

    @Override
    public void lockRestore(String name, String actor, Optional<String> job, Instant now, java.time.Duration expiry) {
        var lock = new LinkedHashMap<String, AttributeValue>();
        lock.put("actor", AttributeValue.fromS(actor));
        lock.put("at", AttributeValue.fromS(now.toString()));
        job.ifPresent(j -> lock.put("job", AttributeValue.fromS(j)));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(name))
                    .updateExpression("SET restoreLock = :lock")
                    .conditionExpression("attribute_exists(#n) AND (attribute_not_exists(restoreLock) OR restoreLock.#at < :stale"
                            + " OR restoreLock.job = :job)")
                    .expressionAttributeNames(Map.of("#n", "name", "#at", "at"))
                    .expressionAttributeValues(Map.of(":lock", AttributeValue.fromM(lock),
                            ":stale", AttributeValue.fromS(now.minus(expiry).toString()),
                            ":job", AttributeValue.fromS(job.orElse("(none)")))));
        } catch (ConditionalCheckFailedException e) {
            var item = dynamo.getItem(b -> b.tableName(table).key(key(name)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                throw new IllegalArgumentException("device '" + name + "' is not in the inventory");
            }
            var held = item.get("restoreLock").m();
            throw new RestoreLockedException(name, held.get("actor").s(), held.containsKey("job") ? held.get("job").s() : null,
                    held.get("at").s());
        }
    }

    @Override
    public Optional<RestoreLockedException> restoreLock(String name, Instant now, java.time.Duration expiry) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(name)).consistentRead(true)
                .projectionExpression("restoreLock")).item();
        if (item == null || !item.containsKey("restoreLock")) {
            return Optional.empty();
        }
        var held = item.get("restoreLock").m();
        if (held.get("at").s().compareTo(now.minus(expiry).toString()) < 0) {
            return Optional.empty();
        }
        return Optional.of(new RestoreLockedException(name, held.get("actor").s(), held.containsKey("job") ? held.get("job").s() : null,
                held.get("at").s()));
    }

    @Override
    public void unlockRestore(String name) {
        dynamo.updateItem(b -> b.tableName(table).key(key(name)).updateExpression("REMOVE restoreLock"));
    }

    @Override
    public void recordState(String name, DeviceState s) {
        var m = new LinkedHashMap<String, AttributeValue>();
        s.lastCheckedAt().ifPresent(t -> m.put("lastCheckedAt", AttributeValue.fromS(t.toString())));
        s.lastSuccessAt().ifPresent(t -> m.put("lastSuccessAt", AttributeValue.fromS(t.toString())));
        s.lastChangedAt().ifPresent(t -> m.put("lastChangedAt", AttributeValue.fromS(t.toString())));
        s.sha256().ifPresent(v -> m.put("sha256", AttributeValue.fromS(v)));
        m.put("bytes", AttributeValue.fromN(Long.toString(s.bytes())));
        m.put("status", AttributeValue.fromS(s.status()));
        s.error().ifPresent(v -> m.put("error", AttributeValue.fromS(v)));
        s.version().ifPresent(v -> m.put("version", AttributeValue.fromS(v)));
        s.jobId().ifPresent(v -> m.put("jobId", AttributeValue.fromS(v)));
        s.startupSha256().ifPresent(v -> m.put("startupSha256", AttributeValue.fromS(v)));
        s.startupDiffers().ifPresent(v -> m.put("startupDiffers", AttributeValue.fromBool(v)));
        dynamo.updateItem(b -> b.tableName(table).key(key(name)).updateExpression("SET #s = :s")
                .conditionExpression("attribute_exists(#n)")
                .expressionAttributeNames(Map.of("#s", STATE, "#n", "name"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromM(m))));
    }

    /** The fields every source of a device sets; options, host key and origin are each writer's own. */
    private static void putDeviceFields(List<String> sets, Map<String, String> names, Map<String, AttributeValue> values, Device d) {
        put(sets, names, values, "host", AttributeValue.fromS(d.host()));
        put(sets, names, values, "port", AttributeValue.fromN(Integer.toString(d.port())));
        put(sets, names, values, "platform", AttributeValue.fromS(d.platform()));
        put(sets, names, values, "model", AttributeValue.fromS(d.model()));
        put(sets, names, values, "group", AttributeValue.fromS(d.group()));
        put(sets, names, values, "credentials", AttributeValue.fromS(d.credentials()));
        put(sets, names, values, "enabled", AttributeValue.fromBool(d.enabled()));
    }

    private static void put(List<String> sets, Map<String, String> names, Map<String, AttributeValue> values, String attr, AttributeValue v) {
        names.put("#" + attr, attr);
        values.put(":" + attr, v);
        sets.add("#" + attr + " = :" + attr);
    }

    private static Map<String, AttributeValue> key(String name) {
        return Map.of("name", AttributeValue.fromS(name));
    }

    static Device device(Map<String, AttributeValue> item) {
        var options = new HashMap<String, String>();
        AttributeValue o = item.get("options");
        if (o != null && o.hasM()) {
            o.m().forEach((k, v) -> options.put(k, v.s() != null ? v.s() : v.n()));
        }
        return new Device(s(item, "name"), s(item, "host"), item.containsKey("port") ? Integer.parseInt(item.get("port").n()) : 22,
                s(item, "platform"), s(item, "model"), s(item, "group"), s(item, "credentials"),
                !item.containsKey("enabled") || Boolean.TRUE.equals(item.get("enabled").bool()),
                Optional.ofNullable(item.get("hostKey")).map(AttributeValue::s), options);
    }

    static DeviceState state(AttributeValue v) {
        if (v == null || !v.hasM()) {
            return DeviceState.none();
        }
        var m = v.m();
        return new DeviceState(instant(m, "lastCheckedAt"), instant(m, "lastSuccessAt"), instant(m, "lastChangedAt"),
                opt(m, "sha256"), m.containsKey("bytes") ? Long.parseLong(m.get("bytes").n()) : 0,
                opt(m, "status").orElse("never"), opt(m, "error"), opt(m, "version"), opt(m, "jobId"),
                opt(m, "startupSha256"), Optional.ofNullable(m.get("startupDiffers")).map(AttributeValue::bool));
    }

    private static Optional<Instant> instant(Map<String, AttributeValue> m, String k) {
        return opt(m, k).map(Instant::parse);
    }

    private static Optional<String> opt(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    private static String s(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null || v.s() == null ? "" : v.s();
    }
}
