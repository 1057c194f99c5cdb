package io.cfgvault.local.jobs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the AWS requests every SDK client of this JVM makes, by service and operation, and the DynamoDB capacity
 * they consume as DynamoDB Local reports it (requests ask for {@code ReturnConsumedCapacity=TOTAL}). Registered as a
 * global SDK interceptor for the test classpath; inert until {@link #start()}.
 */
public final class RequestMeter implements ExecutionInterceptor {
    private static volatile boolean on;
    /** Calls of a thread the test uses to watch the job (polling its status) are not the job's cost. */
    private static final ThreadLocal<Boolean> IGNORED = ThreadLocal.withInitial(() -> false);

    public static void ignoreThisThread(boolean ignore) {
        IGNORED.set(ignore);
    }
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder TRANSACTION_PUT_UNITS = new DoubleAdder();
    private static final LongAdder TRANSACTION_UPDATES = new LongAdder();
    private static final LongAdder TRANSACTION_PUT_BYTES = new LongAdder();
    private static final LongAdder TRANSACTION_PUTS = new LongAdder();
    private static final LongAdder DEVICE_OBJECT_REQUESTS = new LongAdder();

    public static void start() {
        CALLS.clear();
        WRITE_UNITS.reset();
        READ_UNITS.reset();
        TRANSACTION_PUT_UNITS.reset();
        TRANSACTION_UPDATES.reset();
        TRANSACTION_PUT_BYTES.reset();
        TRANSACTION_PUTS.reset();
        DEVICE_OBJECT_REQUESTS.reset();
        on = true;
    }

    public static void stop() {
        on = false;
    }

    public static double writeUnits() {
        return WRITE_UNITS.sum();
    }

    public static double readUnits() {
        return READ_UNITS.sum();
    }

    /**
     * Write units of the puts inside TransactWriteItems, priced by DynamoDB's rule (2 x item size in KB, rounded up,
     * per item): DynamoDB Local under-reports multi-item transactions, so these are computed from the request.
     */
    public static double transactionPutUnits() {
        return TRANSACTION_PUT_UNITS.sum();
    }

    /** S3 requests on a device's latest/ or archive/ copies (keys under latest/ or archive/ with /devices/). */
    public static long deviceObjectRequests() {
        return DEVICE_OBJECT_REQUESTS.sum();
    }

    private static void countDeviceKey(String key) {
        if (key != null && (key.startsWith("latest/") || key.startsWith("archive/")) && key.contains("/devices/")) {
            DEVICE_OBJECT_REQUESTS.increment();
        }
    }

    /** Mean size of the items put inside TransactWriteItems (the device results). */
    public static double transactionPutMeanBytes() {
        long n = TRANSACTION_PUTS.sum();
        return n == 0 ? 0 : (double) TRANSACTION_PUT_BYTES.sum() / n;
    }

    /** Updates inside TransactWriteItems (the job counter); each costs 2 x the updated item's size in KB. */
    public static long transactionUpdates() {
        return TRANSACTION_UPDATES.sum();
    }

    /** An item's size as DynamoDB bills it: attribute names plus values (numbers about one byte per two digits). */
    public static long itemBytes(Map<String, AttributeValue> item) {
        long n = 0;
        for (var e : item.entrySet()) {
            n += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueBytes(e.getValue());
        }
        return n;
    }

    private static long valueBytes(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().replaceAll("[^0-9]", "").length() / 2 + 2;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + valueBytes(x)).sum();
        }
        if (v.hasM()) {
            return 3 + itemBytes(v.m()) + v.m().size();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(x -> x.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(x -> x.length() / 2 + 2).sum();
        }
        return 1;   // BOOL, NULL
    }

    /** Calls per {@code Service.Operation}, e.g. {@code S3.PutObject}. */
    public static Map<String, Long> calls() {
        var out = new TreeMap<String, Long>();
        CALLS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public static long calls(String serviceDotOperation) {
        LongAdder a = CALLS.get(serviceDotOperation);
        return a == null ? 0 : a.sum();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!on || IGNORED.get()) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        switch (context.request()) {
            case software.amazon.awssdk.services.s3.model.HeadObjectRequest r -> countDeviceKey(r.key());
            case software.amazon.awssdk.services.s3.model.GetObjectRequest r -> countDeviceKey(r.key());
            case software.amazon.awssdk.services.s3.model.PutObjectRequest r -> countDeviceKey(r.key());
            case software.amazon.awssdk.services.s3.model.ListObjectsV2Request r -> countDeviceKey(r.prefix());
            default -> { }
        }
        return switch (context.request()) {
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> {
                for (var item : r.transactItems()) {
                    if (item.put() != null) {
                        long bytes = itemBytes(item.put().item());
                        TRANSACTION_PUT_UNITS.add(2 * Math.ceil(bytes / 1024.0));
                        TRANSACTION_PUT_BYTES.add(bytes);
                        TRANSACTION_PUTS.increment();
                    } else if (item.update() != null) {
                        TRANSACTION_UPDATES.increment();
                    }
                }
                yield r;
            }
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!on || IGNORED.get()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
        SdkResponse response = context.response();
        switch (response) {
            case PutItemResponse r -> write(one(r.consumedCapacity()));
            case UpdateItemResponse r -> write(one(r.consumedCapacity()));
            case DeleteItemResponse r -> write(one(r.consumedCapacity()));
            case BatchWriteItemResponse r -> write(r.consumedCapacity());
            case TransactWriteItemsResponse r -> { }   // priced from the request, see transactionPutUnits()
            case GetItemResponse r -> read(one(r.consumedCapacity()));
            case BatchGetItemResponse r -> read(r.consumedCapacity());
            case QueryResponse r -> read(one(r.consumedCapacity()));
            case ScanResponse r -> read(one(r.consumedCapacity()));
            default -> { }
        }
    }

    private static List<ConsumedCapacity> one(ConsumedCapacity c) {
        return c == null ? List.of() : List.of(c);
    }

    private static void write(List<ConsumedCapacity> capacities) {
        WRITE_UNITS.add(sum(capacities));
    }

    private static void read(List<ConsumedCapacity> capacities) {
        READ_UNITS.add(sum(capacities));
    }

    private static double sum(List<ConsumedCapacity> capacities) {
        double s = 0;
        for (ConsumedCapacity c : capacities) {
            if (c != null && c.capacityUnits() != null) {
                s += c.capacityUnits();
            }
        }
        return s;
    }
}
