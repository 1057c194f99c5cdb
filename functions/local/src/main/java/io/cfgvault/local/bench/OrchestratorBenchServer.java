package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.EmbeddedAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Benchmark fixture for the orchestrator: the embedded environment with N devices in the inventory (options and
 * host keys filled in, as a synced inventory has them) and the device queue; endpoints in
 * {@code <dir>/endpoints.env}; serves until stdin closes. The orchestrator runs in a separate small-heap JVM
 * ({@link OrchestratorBench}) so that its memory is measured alone.
 */
public final class OrchestratorBenchServer {
    private OrchestratorBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int devices = Integer.parseInt(args[1]);
        try (EmbeddedAws aws = EmbeddedAws.start(dir); Services services = new Services(aws.settings())) {
            long t0 = System.nanoTime();
            load(services, devices);
            System.err.printf("loaded %d devices in %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
            var env = new StringBuilder();
            aws.settings().endpoints().env().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
            env.append("AWS_REGION=").append(EmbeddedAws.REGION).append('\n');
            env.append("CFGVAULT_BUCKET=").append(EmbeddedAws.BUCKET).append('\n');
            env.append("CFGVAULT_TABLE_PREFIX=").append(EmbeddedAws.TABLE_PREFIX).append('\n');
            env.append("CFGVAULT_QUEUE_URL=").append(aws.queueUrl()).append('\n');
            env.append("CFGVAULT_ACCOUNT_ID=000000000000\nCFGVAULT_DEPLOYMENT=bench\n");
            env.append("AWS_ACCESS_KEY_ID=bench\nAWS_SECRET_ACCESS_KEY=bench\n");
            Files.writeString(dir.resolve("endpoints.env"), env);
            System.err.println("ready");
            while (System.in.read() >= 0) {
                // serve until the script closes our stdin
            }
        }
    }

    /**
     * Writes device 0 through the production {@link io.cfgvault.inventory.InventoryStore#upsert}, then copies its
     * stored item for the others (new name and host) with BatchWriteItem: 10,000 single upserts take minutes on
     * DynamoDB Local, 400 batch writes do not, and every item has exactly the shape the store writes.
     */
    private static void load(Services services, int devices) throws Exception {
        services.inventory().upsert(List.of(device(0)));
        String table = services.tableNames().physical(io.cfgvault.tables.AppTable.INVENTORY);
        Map<String, AttributeValue> template = services.dynamo().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("name", AttributeValue.fromS(device(0).name())))).item();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 1; start < devices; start += 25) {
            int from = start;
            futures.add(pool.submit(() -> {
                var writes = new ArrayList<WriteRequest>();
                for (int i = from; i < Math.min(devices, from + 25); i++) {
                    Device d = device(i);
                    var item = new HashMap<>(template);
                    item.put("name", AttributeValue.fromS(d.name()));
                    item.put("host", AttributeValue.fromS(d.host()));
                    item.put("hostKey", AttributeValue.fromS(d.hostKey().orElseThrow()));
                    item.put("model", AttributeValue.fromS(d.model()));
                    item.put("group", AttributeValue.fromS(d.group()));
                    writes.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
                }
                Map<String, List<WriteRequest>> pending = Map.of(table, writes);
                while (!pending.isEmpty()) {
                    var request = pending;
                    pending = services.dynamo().batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        int stored = services.inventory().list().size();
        if (stored != devices) {
            throw new IllegalStateException("inventory holds " + stored + " devices, expected " + devices);
        }
    }

    private static Device device(int i) {
        return new Device(String.format("device-%05d", i), "10.0." + (i >> 8 & 255) + "." + (i & 255), 22,
                "cisco_ios", i % 2 == 0 ? "C9300" : "C9500", "site-" + (i % 30), "lab", true,
                // a pinned ecdsa host key, the size a real one has
                Optional.of("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB"
                        + "%064d".formatted(i) + "0123456789abcdefghijklmnopqrstuvwxyz0123456789ab="),
                Map.of("connectTimeout", "20s"));
    }
}
