package io.cfgvault.tables;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Imports a table document. The whole document is validated first (a second streaming pass writes), so a bad
 * file changes nothing. Merge mode upserts the file's items; replace mode also deletes items absent from it.
 */
public final class TableImporter {
    private static final int BATCH = 25;

    /** A re-readable document: it is read once to validate and once to write. */
    public interface Source {
        String name();

        Reader open() throws IOException;
    }

    public enum Mode { MERGE, REPLACE }

    public record Result(String table, long written, long deleted) {}

    private final DynamoDbClient dynamo;
    private final TableNames names;

    public TableImporter(DynamoDbClient dynamo, TableNames names) {
        this.dynamo = dynamo;
        this.names = names;
    }

    public static Source source(String name, byte[] content) {
        return new Source() {
            @Override public String name() {
                return name;
            }

            @Override public Reader open() {
                return new java.io.InputStreamReader(new java.io.ByteArrayInputStream(content), java.nio.charset.StandardCharsets.UTF_8);
            }
        };
    }

    public static Source source(java.nio.file.Path file) {
        return new Source() {
            @Override public String name() {
                return file.toString();
            }

            @Override public Reader open() throws IOException {
                return java.nio.file.Files.newBufferedReader(file);
            }
        };
    }

    /** Checks the document without writing; returns the keys it holds. */
    public Set<String> validate(AppTable table, Source source) {
        var keys = new HashSet<String>();
        try (Reader in = source.open()) {
            TableDocumentReader.read(in, source.name(), table, (item, line) -> keys.add(item.get(table.hashKey()).s()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.name() + ": " + e.getMessage(), e);
        }
        return keys;
    }

    public Result importDocument(AppTable table, Source source, Mode mode) {
        Set<String> keys = validate(table, source);
        String physical = names.physical(table);
        var batch = new ArrayList<WriteRequest>(BATCH);
        long[] written = {0};
        try (Reader in = source.open()) {
            TableDocumentReader.read(in, source.name(), table, (item, line) -> {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == BATCH) {
                    written[0] += flush(physical, batch);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.name() + ": " + e.getMessage(), e);
        }
        written[0] += flush(physical, batch);
        long deleted = mode == Mode.REPLACE ? deleteAbsent(table, physical, keys) : 0;
        return new Result(table.logicalName(), written[0], deleted);
    }

    private long deleteAbsent(AppTable table, String physical, Set<String> keep) {
        var batch = new ArrayList<WriteRequest>(BATCH);
        long deleted = 0;
        String hash = table.hashKey();
        var pages = dynamo.scanPaginator(b -> b.tableName(physical).projectionExpression("#k")
                .expressionAttributeNames(Map.of("#k", hash)).consistentRead(true));
        // Collect first: deleting while paginating a scan can skip items.
        List<String> absent = new ArrayList<>();
        for (var page : pages) {
            for (var item : page.items()) {
                String key = item.get(hash).s();
                if (!keep.contains(key)) {
                    absent.add(key);
                }
            }
        }
        for (String key : absent) {
            batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(Map.of(hash, AttributeValue.fromS(key))).build()).build());
            if (batch.size() == BATCH) {
                deleted += flush(physical, batch);
            }
        }
        deleted += flush(physical, batch);
        return deleted;
    }

    /** Writes a batch, retrying unprocessed items with backoff; returns how many requests it applied. */
    private long flush(String physical, List<WriteRequest> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        int total = batch.size();
        List<WriteRequest> pending = List.copyOf(batch);
        batch.clear();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                if (attempt > 8) {
                    throw new IllegalStateException("DynamoDB table " + physical + " kept throttling writes; "
                            + pending.size() + " items were not written, retry the import");
                }
                sleep(Math.min(2000, 25L << attempt));
            }
            var request = Map.of(physical, pending);
            var response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.unprocessedItems().getOrDefault(physical, List.of());
        }
        return total;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        }
    }
}
