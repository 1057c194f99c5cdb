package io.cfgvault.local.bench;

import io.cfgvault.aws.AwsClients;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Benchmark fixture: starts the embedded environment, fills the inventory table with N items of about 1 KB,
 * writes the endpoints to {@code <dir>/endpoints.env} and serves until stdin closes. The export itself runs
 * in a separate, small-heap JVM ({@link TableExportBench}) so that its memory can be measured alone.
 */
public final class TableBenchServer {
    private TableBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int items = Integer.parseInt(args[1]);
        try (EmbeddedAws aws = EmbeddedAws.start(dir);
             AwsClients clients = new AwsClients(EmbeddedAws.REGION, aws.settings().endpoints());
             var ddb = clients.dynamoDb()) {
            String table = new TableNames(EmbeddedAws.TABLE_PREFIX).physical(AppTable.INVENTORY);
            long count = ddb.describeTable(b -> b.tableName(table)).table().itemCount();
            if (count < items) {
                long t0 = System.nanoTime();
                load(ddb, table, items);
                System.err.printf("loaded %d items in %.1f s%n", items, (System.nanoTime() - t0) / 1e9);
            }
            var env = new StringBuilder();
            aws.settings().endpoints().env().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
            env.append("AWS_REGION=").append(EmbeddedAws.REGION).append('\n');
            env.append("CFGVAULT_BUCKET=").append(EmbeddedAws.BUCKET).append('\n');
            env.append("CFGVAULT_TABLE_PREFIX=").append(EmbeddedAws.TABLE_PREFIX).append('\n');
            env.append("CFGVAULT_ACCOUNT_ID=000000000000\n");
            env.append("AWS_ACCESS_KEY_ID=bench\nAWS_SECRET_ACCESS_KEY=bench\n");
            env.append("TABLE=").append(table).append('\n');
            Files.writeString(dir.resolve("endpoints.env"), env);
            System.err.println("ready");
            while (System.in.read() >= 0) {
                // serve until the script closes our stdin
            }
        }
    }

    private static void load(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb, String table, int items) throws Exception {
        String filler = "x".repeat(700);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < items; start += 25) {
            int from = start;
            futures.add(pool.submit(() -> {
                var batch = new ArrayList<WriteRequest>();
                for (int i = from; i < Math.min(items, from + 25); i++) {
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("name", AttributeValue.fromS(String.format("device-%06d", i)));
                    item.put("host", AttributeValue.fromS("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
                    item.put("port", AttributeValue.fromN("22"));
                    item.put("platform", AttributeValue.fromS(i % 3 == 0 ? "cisco_ios" : i % 3 == 1 ? "arista_eos" : "juniper_junos"));
                    item.put("model", AttributeValue.fromS("C9300-" + (i % 48)));
                    item.put("tags", AttributeValue.fromSs(List.of("site-" + (i % 97), "role-access")));
                    item.put("notes", AttributeValue.fromS(filler));
                    item.put("location", AttributeValue.fromM(Map.of("rack", AttributeValue.fromN(Integer.toString(i % 40)),
                            "row", AttributeValue.fromS("R" + (i % 12)))));
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                }
                List<WriteRequest> pending = batch;
                while (!pending.isEmpty()) {
                    var request = Map.of(table, pending);
                    pending = ddb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems().getOrDefault(table, List.of());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }
}
