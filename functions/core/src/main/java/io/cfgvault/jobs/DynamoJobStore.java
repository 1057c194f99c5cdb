package io.cfgvault.jobs;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.BatchReads;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The {@link JobStore} on the DynamoDB jobs table. A job item holds status and counters; each device result is its own item
 * ({@code <jobId>#<device>}), written in one transaction with the counter increments so that a redelivered
 * message can never count a device twice. A per-day index item lists the day's job ids, so listing jobs never
 * scans the device results. Items expire through the {@code expiresAt} TTL attribute.
 */
public final class DynamoJobStore implements JobStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration ttl;

    public DynamoJobStore(DynamoDbClient dynamo, TableNames names, Clock clock, Duration ttl) {
        this.dynamo = dynamo;
        this.table = names.physical(AppTable.JOBS);
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public boolean create(String id, JobRequest request, Map<String, String> partition) {
        var item = new HashMap<String, AttributeValue>();
        item.put("id", s(id));
        item.put("type", s("job"));
        item.put("trigger", s(request.trigger().name().toLowerCase(java.util.Locale.ROOT)));
        item.put("status", s("queued"));
        item.put("actor", s(request.actor()));
        item.put("selector", AttributeValue.fromM(strings(selector(request.selector()))));
        item.put("partition", AttributeValue.fromM(strings(partition)));
        for (String c : List.of("total", "done", "succeeded", "failed", "changed", "unchanged")) {
            item.put(c, n(0));
        }
        item.put("startedAt", s(clock.instant().toString()));
        item.put("expiresAt", n(expiry()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
        // The day's index lets list() read a few items instead of scanning millions of device results.
        String day = INDEX_PREFIX + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        dynamo.updateItem(b -> b.tableName(table).key(key(day))
                .updateExpression("ADD #jobs :id SET expiresAt = :exp, #t = :index")
                .expressionAttributeNames(Map.of("#t", "type", "#jobs", "jobs"))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of(id)), ":exp", n(expiry() + 86_400),
                        ":index", s("index"))));
        return true;
    }

    @Override
    public void setTables(String id, List<TableExporter.Result> results) {
        var list = results.stream().map(r -> {
            var m = new HashMap<String, AttributeValue>();
            m.put("table", s(r.table()));
            m.put("latestKey", s(r.latestKey()));
            if (r.archiveKey() != null) {
                m.put("archiveKey", s(r.archiveKey()));
            }
            m.put("items", n(r.items()));
            m.put("bytes", n(r.bytes()));
            m.put("changed", AttributeValue.fromBool(r.changed()));
            return AttributeValue.fromM(m);
        }).toList();
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET #t = :t")
                .expressionAttributeNames(Map.of("#t", "tables")).expressionAttributeValues(Map.of(":t", AttributeValue.fromL(list))));
    }

    @Override
    public void setDestinations(String id, List<Map<String, Object>> results) {
        var list = results.stream().map(r -> {
            var m = new HashMap<String, AttributeValue>();
            r.forEach((k, v) -> {
                if (v instanceof Number num) {
                    m.put(k, n(num.longValue()));
                } else if (v instanceof List<?> l) {
                    m.put(k, AttributeValue.fromL(l.stream().map(x -> s(String.valueOf(x))).toList()));
                } else if (v != null) {
                    m.put(k, s(String.valueOf(v)));
                }
            });
            return AttributeValue.fromM(m);
        }).toList();
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET #d = :d")
                .expressionAttributeNames(Map.of("#d", "destinations")).expressionAttributeValues(Map.of(":d", AttributeValue.fromL(list))));
    }

    @Override
    public List<Map<String, Object>> destinations(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        if (item == null || !item.containsKey("destinations")) {
            return List.of();
        }
        return item.get("destinations").l().stream().map(v -> {
            var m = new LinkedHashMap<String, Object>();
            v.m().forEach((k, a) -> m.put(k, a.n() != null ? (Object) Long.parseLong(a.n())
                    : a.hasL() ? a.l().stream().map(AttributeValue::s).toList() : a.s()));
            return (Map<String, Object>) m;
        }).toList();
    }

    /** Device names per chunk item: about 20 KB, so the job item itself stays small (its counter is updated per batch). */
    static final int DEVICES_PER_CHUNK = 1000;

    @Override
    public void start(String id, List<String> devices) {
        int chunks = 0;
        for (int c = 0; c * DEVICES_PER_CHUNK < devices.size(); c++) {
            addDevices(id, c, devices.subList(c * DEVICES_PER_CHUNK, Math.min(devices.size(), (c + 1) * DEVICES_PER_CHUNK)));
            chunks++;
        }
        start(id, devices.size(), chunks);
    }

    @Override
    public void addDevices(String id, int chunk, List<String> devices) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("id", s(chunkId(id, chunk)), "type", s("devices"),
                "devices", AttributeValue.fromL(devices.stream().map(DynamoJobStore::s).toList()), "expiresAt", n(expiry()))));
    }

    @Override
    public void start(String id, int total, int chunks) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":r", s("running"));
        values.put(":n", n(total));
        values.put(":c", n(chunks));
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET #s = :r, #total = :n, deviceChunks = :c")
                .expressionAttributeNames(Map.of("#s", "status", "#total", "total")).expressionAttributeValues(values));
    }

    @Override
    public List<String> devices(String jobId) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)
                .projectionExpression("#d, deviceChunks").expressionAttributeNames(Map.of("#d", "devices"))).item();
        if (item == null || item.isEmpty()) {
            return List.of();
        }
        if (item.containsKey("devices")) {   // jobs started before the list moved to chunk items
            return item.get("devices").l().stream().map(AttributeValue::s).toList();
        }
        int chunks = (int) longOf(item, "deviceChunks");
        var byChunk = new java.util.TreeMap<String, List<String>>();
        BatchReads.get(dynamo, table, java.util.stream.IntStream.range(0, chunks).mapToObj(c -> key(chunkId(jobId, c))).toList(), null,
                chunk -> byChunk.put(str(chunk, "id"), chunk.get("devices").l().stream().map(AttributeValue::s).toList()));
        return byChunk.values().stream().flatMap(List::stream).toList();
    }

    private static String chunkId(String jobId, int chunk) {
        return String.format(java.util.Locale.ROOT, "%s#devices#%05d", jobId, chunk);
    }

    @Override
    public boolean recordDevice(String jobId, JobSummary.DeviceOutcome o) {
        return recordDevices(jobId, List.of(o)).contains(o.device());
    }

    /** Results a transaction holds beside the counter update (DynamoDB allows 100 items per transaction). */
    static final int RESULTS_PER_TRANSACTION = 99;
    private static final int CONFLICT_ATTEMPTS = 8;
    private static final int MAX_ERROR_CHARS = 2_000;   // bounded; failures are rare, so their size barely costs

    @Override
    public java.util.Set<String> recordDevices(String jobId, List<JobSummary.DeviceOutcome> outcomes) {
        var counted = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < outcomes.size(); i += RESULTS_PER_TRANSACTION) {
            var chunk = new ArrayList<>(outcomes.subList(i, Math.min(outcomes.size(), i + RESULTS_PER_TRANSACTION)));
            int conflicts = 0;
            while (!chunk.isEmpty()) {
                try {
                    dynamo.transactWriteItems(transaction(jobId, chunk));
                    chunk.forEach(o -> counted.add(o.device()));
                    break;
                } catch (TransactionCanceledException e) {
                    List<CancellationReason> reasons = e.cancellationReasons();
                    var recordedBefore = new java.util.HashSet<String>();
                    boolean conflict = false;
                    for (int r = 0; r < reasons.size() && r < chunk.size(); r++) {
                        String code = reasons.get(r).code();
                        if ("ConditionalCheckFailed".equals(code)) {
                            recordedBefore.add(chunk.get(r).device());
                        } else if ("TransactionConflict".equals(code)) {
                            conflict = true;
                        }
                    }
                    if (reasons.size() > chunk.size() && "TransactionConflict".equals(reasons.get(chunk.size()).code())) {
                        conflict = true;
                    }
                    if (recordedBefore.isEmpty() && !conflict) {
                        throw e;
                    }
                    if (recordedBefore.isEmpty() && ++conflicts >= CONFLICT_ATTEMPTS) {
                        throw e;
                    }
                    chunk.removeIf(o -> recordedBefore.contains(o.device()));
                    if (recordedBefore.isEmpty()) {
                        // Another batch of the same job is updating the counter: back off briefly and try again.
                        sleep(20L << Math.min(conflicts, 5));
                    }
                }
            }
        }
        return counted;
    }

    private TransactWriteItemsRequest transaction(String jobId, List<JobSummary.DeviceOutcome> outcomes) {
        var items = new ArrayList<TransactWriteItem>();
        var counts = new java.util.TreeMap<String, Integer>();
        for (JobSummary.DeviceOutcome o : outcomes) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(resultItem(jobId, o))
                    .conditionExpression("attribute_not_exists(id)").build()).build());
            counts.merge("done", 1, Integer::sum);
            counts.merge(o.ok() ? "succeeded" : "failed", 1, Integer::sum);
            if (o.ok()) {
                counts.merge(o.changed() ? "changed" : "unchanged", 1, Integer::sum);
            }
        }
        // Counter names are DynamoDB reserved words ("total", ...), hence the #placeholders.
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var sets = new ArrayList<String>();
        counts.forEach((c, k) -> {
            names.put("#" + c, c);
            values.put(":" + c, n(k));
            sets.add("#" + c + " = #" + c + " + :" + c);
        });
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(jobId))
                .updateExpression("SET " + String.join(", ", sets))
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values).build()).build());
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    /** One device's result; the step trace only for devices that did not succeed, so a result stays within one write unit. */
    private Map<String, AttributeValue> resultItem(String jobId, JobSummary.DeviceOutcome o) {
        var item = new HashMap<String, AttributeValue>();
        item.put("id", s(jobId + "#" + o.device()));
        item.put("type", s("device"));
        item.put("jobId", s(jobId));
        item.put("device", s(o.device()));
        item.put("status", s(o.status().wire()));
        item.put("ok", AttributeValue.fromBool(o.ok()));
        item.put("changed", AttributeValue.fromBool(o.changed()));
        item.put("bytes", n(o.bytes()));
        item.put("durationMillis", n(o.durationMillis()));
        item.put("attempts", n(o.attempts()));
        if (o.error() != null) {
            item.put("error", s(o.error().length() > MAX_ERROR_CHARS ? o.error().substring(0, MAX_ERROR_CHARS) + "..." : o.error()));
        }
        if (o.version() != null) {
            item.put("version", s(o.version()));
        }
        if (o.previousVersion() != null) {
            item.put("previousVersion", s(o.previousVersion()));
        }
        item.put("linesAdded", n(o.linesAdded()));
        item.put("linesRemoved", n(o.linesRemoved()));
        if (!o.ok() && !o.trace().isEmpty()) {
            item.put("trace", AttributeValue.fromL(o.trace().stream().map(DynamoJobStore::s).toList()));
        }
        item.put("recordedAt", s(clock.instant().toString()));
        item.put("expiresAt", n(expiry()));
        return item;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording device results", e);
        }
    }

    @Override
    public java.util.Set<String> recorded(String jobId, java.util.Collection<String> devices) {
        var out = new java.util.HashSet<String>();
        BatchReads.get(dynamo, table, devices.stream().map(d -> key(jobId + "#" + d)).toList(), "device", false,
                item -> out.add(str(item, "device")));
        return out;
    }

    @Override
    public Optional<JobRecord> finishIfDone(String id) {
        JobRecord job = get(id).orElseThrow(() -> new IllegalStateException("job " + id + " vanished"));
        if (job.finished() || job.status().equals("queued") || job.done() < job.total()) {
            // A queued job is still being queued: its total is not known yet, so it cannot be done.
            return Optional.empty();
        }
        String status = job.failed() == 0 ? "completed" : job.succeeded() == 0 ? "failed" : "completed_with_errors";
        return transition(id, status, null);
    }

    @Override
    public Optional<JobRecord> fail(String id, String error) {
        return transition(id, "failed", error);
    }

    private Optional<JobRecord> transition(String id, String status, String error) {
        var values = new HashMap<String, AttributeValue>();
        values.put(":final", s(status));
        values.put(":now", s(clock.instant().toString()));
        values.put(":queued", s("queued"));
        values.put(":running", s("running"));
        String set = "SET #s = :final, finishedAt = :now";
        if (error != null) {
            values.put(":e", s(error));
            set += ", #e = :e";
        }
        String expression = set;
        var names = new HashMap<String, String>(Map.of("#s", "status"));
        if (error != null) {
            names.put("#e", "error");
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression(expression)
                    .conditionExpression("#s = :queued OR #s = :running")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return get(id);
        } catch (ConditionalCheckFailedException already) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<JobRecord> get(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() || !"job".equals(str(item, "type")) ? Optional.empty() : Optional.of(record(item));
    }

    @Override
    public List<JobRecord> list(int limit) {
        var jobs = new ArrayList<JobRecord>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long days = ttl.toDays() + 1;
        for (int back = 0; back <= days && jobs.size() < limit; back++) {
            jobs.addAll(listDay(today.minusDays(back)));
        }
        jobs.sort(Comparator.comparing(JobRecord::startedAt).reversed());
        return jobs.size() > limit ? jobs.subList(0, limit) : jobs;
    }

    @Override
    public List<JobRecord> listDay(LocalDate date) {
        var jobs = new ArrayList<JobRecord>();
        String day = INDEX_PREFIX + date;
        var index = dynamo.getItem(b -> b.tableName(table).key(key(day)).consistentRead(true)).item();
        if (index != null && index.containsKey("jobs")) {
            BatchReads.get(dynamo, table, index.get("jobs").ss().stream().map(DynamoJobStore::key).toList(), null,
                    item -> jobs.add(record(item)));
        }
        jobs.sort(Comparator.comparing(JobRecord::startedAt));
        return jobs;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public void setRestore(String id, Map<String, Object> restore) {
        String json;
        try {
            json = JSON.writeValueAsString(restore);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("restore details of job " + id + " are not JSON: " + e.getMessage());
        }
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET #r = :r, #k = :k")
                .expressionAttributeNames(Map.of("#r", "restore", "#k", "kind"))
                .expressionAttributeValues(Map.of(":r", s(json), ":k", s("restore"))));
    }

    @Override
    public Optional<Map<String, Object>> restore(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || !item.containsKey("restore") ? Optional.empty() : Optional.of(restoreMap(item));
    }

    @Override
    public List<Map<String, Object>> restores(int limit) {
        var found = new ArrayList<Map.Entry<JobRecord, Map<String, Object>>>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (int back = 0; back <= ttl.toDays() + 1 && found.size() < limit; back++) {
            String day = INDEX_PREFIX + today.minusDays(back);
            var index = dynamo.getItem(b -> b.tableName(table).key(key(day)).consistentRead(true)).item();
            if (index != null && index.containsKey("jobs")) {
                BatchReads.get(dynamo, table, index.get("jobs").ss().stream().map(DynamoJobStore::key).toList(), null, item -> {
                    if (item.containsKey("restore")) {
                        found.add(Map.entry(record(item), restoreMap(item)));
                    }
                });
            }
        }
        found.sort(Comparator.comparing((Map.Entry<JobRecord, Map<String, Object>> e) -> e.getKey().startedAt()).reversed());
        var out = new ArrayList<Map<String, Object>>();
        for (var e : found.subList(0, Math.min(limit, found.size()))) {
            var m = new LinkedHashMap<String, Object>(e.getKey().toMap());
            m.put("kind", "restore");
            m.put("restore", e.getValue());
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> restoreMap(Map<String, AttributeValue> item) {
        try {
            return JSON.readValue(item.get("restore").s(), Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("restore details of job " + str(item, "id") + " are not JSON", e);
        }
    }

    /** Index items ({@code index#<yyyy-MM-dd>}) hold the ids of the jobs created that day. */
    private static final String INDEX_PREFIX = "index#";

    @Override
    public List<Map<String, Object>> deviceResults(String jobId) {
        JobRecord job = get(jobId).orElseThrow(() -> new IllegalArgumentException("unknown job " + jobId));
        var byDevice = new HashMap<String, Map<String, Object>>();
        List<String> devices = devices(jobId);
        BatchReads.get(dynamo, table, devices.stream().map(d -> key(jobId + "#" + d)).toList(), null,
                item -> byDevice.put(str(item, "device"), deviceMap(item)));
        var out = new ArrayList<Map<String, Object>>();
        for (String d : devices) {
            out.add(byDevice.getOrDefault(d, Map.of("device", d, "status", "pending")));
        }
        return out;
    }

    @Override
    public JobSummary summary(String jobId) {
        JobRecord job = get(jobId).orElseThrow(() -> new IllegalArgumentException("unknown job " + jobId));
        var tables = job.tables().stream().map(t -> new TableExporter.Result((String) t.get("table"), (String) t.get("latestKey"),
                (String) t.get("archiveKey"), ((Number) t.get("items")).longValue(), ((Number) t.get("bytes")).longValue(),
                (Boolean) t.get("changed"))).toList();
        var devices = deviceResults(jobId).stream().map(DynamoJobStore::outcome).toList();
        return new JobSummary(job.id(), Trigger.valueOf(job.trigger().toUpperCase(java.util.Locale.ROOT)), job.status(),
                job.startedAt(), job.finishedAt().orElse(null), tables, devices);
    }

    /** A device result read back; keys are not stored per device, so they stay null. */
    private static JobSummary.DeviceOutcome outcome(Map<String, Object> m) {
        var status = DeviceStatus.fromWire((String) m.get("status"));
        var fetch = new JobSummary.DeviceOutcome.Fetch(num(m, "bytes"), num(m, "durationMillis"), (int) num(m, "attempts"),
                castList(m.get("trace")));
        if (!status.ok()) {
            return JobSummary.DeviceOutcome.failed((String) m.get("device"), status, (String) m.get("error"), fetch);
        }
        return JobSummary.DeviceOutcome.succeeded((String) m.get("device"), fetch, new JobSummary.DeviceOutcome.Stored(
                Boolean.TRUE.equals(m.get("changed")), null, null, (String) m.get("previousVersion"), (String) m.get("version"),
                (int) num(m, "linesAdded"), (int) num(m, "linesRemoved")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return o instanceof List<?> l ? (List<String>) l : List.of();
    }

    private static long num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private Map<String, Object> deviceMap(Map<String, AttributeValue> item) {
        var m = new LinkedHashMap<String, Object>();
        m.put("device", str(item, "device"));
        m.put("status", str(item, "status"));
        m.put("ok", item.get("ok") != null && Boolean.TRUE.equals(item.get("ok").bool()));
        m.put("changed", item.get("changed") != null && Boolean.TRUE.equals(item.get("changed").bool()));
        m.put("bytes", longOf(item, "bytes"));
        m.put("durationMillis", longOf(item, "durationMillis"));
        m.put("attempts", longOf(item, "attempts"));
        m.put("error", item.containsKey("error") ? str(item, "error") : null);
        m.put("version", item.containsKey("version") ? str(item, "version") : null);
        m.put("previousVersion", item.containsKey("previousVersion") ? str(item, "previousVersion") : null);
        m.put("linesAdded", longOf(item, "linesAdded"));
        m.put("linesRemoved", longOf(item, "linesRemoved"));
        m.put("trace", item.containsKey("trace") ? item.get("trace").l().stream().map(AttributeValue::s).toList() : List.of());
        return m;
    }

    private static JobRecord record(Map<String, AttributeValue> item) {
        var tables = new ArrayList<Map<String, Object>>();
        if (item.containsKey("tables")) {
            for (AttributeValue t : item.get("tables").l()) {
                var m = new LinkedHashMap<String, Object>();
                m.put("table", t.m().get("table").s());
                m.put("latestKey", t.m().get("latestKey").s());
                m.put("archiveKey", t.m().containsKey("archiveKey") ? t.m().get("archiveKey").s() : null);
                m.put("items", Long.parseLong(t.m().get("items").n()));
                m.put("bytes", Long.parseLong(t.m().get("bytes").n()));
                m.put("changed", t.m().get("changed").bool());
                tables.add(m);
            }
        }
        return new JobRecord(str(item, "id"), str(item, "trigger"), str(item, "status"), str(item, "actor"),
                stringMap(item.get("selector")), (int) longOf(item, "total"), (int) longOf(item, "done"),
                (int) longOf(item, "succeeded"), (int) longOf(item, "failed"), (int) longOf(item, "changed"),
                (int) longOf(item, "unchanged"), Instant.parse(str(item, "startedAt")),
                item.containsKey("finishedAt") ? Optional.of(Instant.parse(str(item, "finishedAt"))) : Optional.empty(),
                item.containsKey("devices") ? item.get("devices").l().stream().map(AttributeValue::s).toList() : List.of(),
                tables, stringMap(item.get("partition")),
                item.containsKey("error") ? Optional.of(str(item, "error")) : Optional.empty(),
                item.containsKey("writeBack") ? Optional.of(str(item, "writeBack")) : Optional.empty());
    }

    @Override
    public void setWriteBack(String id, String note) {
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET writeBack = :w")
                .conditionExpression("attribute_exists(id)")
                .expressionAttributeValues(Map.of(":w", s(note))));
    }

    static Map<String, String> selector(JobRequest.DeviceSelector s) {
        var m = new LinkedHashMap<String, String>();
        if (!s.names().isEmpty()) {
            m.put("devices", String.join(",", s.names()));
        }
        s.model().ifPresent(v -> m.put("model", v));
        s.group().ifPresent(v -> m.put("group", v));
        return m;
    }

    private static Map<String, String> stringMap(AttributeValue v) {
        var m = new LinkedHashMap<String, String>();
        if (v != null && v.hasM()) {
            v.m().forEach((k, x) -> m.put(k, x.s()));
        }
        return m;
    }

    private static Map<String, AttributeValue> strings(Map<String, String> m) {
        var out = new HashMap<String, AttributeValue>();
        m.forEach((k, v) -> out.put(k, s(v)));
        return out;
    }

    private long expiry() {
        return clock.instant().plus(ttl).getEpochSecond();
    }

    private static long longOf(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static String str(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null || v.s() == null ? "" : v.s();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
