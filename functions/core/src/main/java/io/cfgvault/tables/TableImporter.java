package io.cfgvault.tables;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Imports a table document. The whole document is validated first against DynamoDB's limits (a second streaming
 * pass writes), so a bad file changes nothing. Merge mode upserts the file's items; replace mode also deletes
 * items absent from it. A write that still fails reports exactly which items were written.
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
    private final ItemRule rule;

    public TableImporter(DynamoDbClient dynamo, TableNames names) {
        this(dynamo, names, ItemRule.NONE);
    }

    public TableImporter(DynamoDbClient dynamo, TableNames names, ItemRule rule) {
        this.dynamo = dynamo;
        this.names = names;
        this.rule = rule;
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

    /** What validation found: the keys the document holds and whether its header matches its items. */
    public record Checked(Set<String> keys, TableDocumentReader.Summary summary, String digest) {
        /** Empty when the document's own count and digest (if it has them) match its items. */
        public java.util.Optional<String> mismatch() {
            var s = summary;
            if (s.declaredCount() != null && s.declaredCount() != s.items()) {
                return java.util.Optional.of("the document says it holds " + s.declaredCount() + " items but holds "
                        + s.items());
            }
            if (s.declaredDigest() != null && !s.declaredDigest().equals(digest)) {
                return java.util.Optional.of("the document's digest does not match its items");
            }
            return java.util.Optional.empty();
        }
    }

    /** Checks the document without writing; returns the keys it holds. */
    public Set<String> validate(AppTable table, Source source) {
        return check(table, source).keys();
    }

    /** Checks every item against DynamoDB's limits and the table's key, and the header against the items. */
    public Checked check(AppTable table, Source source) {
        var keys = new HashSet<String>();
        var digest = new ItemDigest();
        TableDocumentReader.Summary summary;
        int[] index = {0};
        ItemRule rule = this.rule.forDocument();
        try (Reader in = source.open()) {
            summary = TableDocumentReader.summary(in, source.name(), table, (item, line) -> {
                try {
                    rule.check(table, item);
                } catch (ItemRule.Rejected e) {
                    throw new TableImportException(source.name(), line, "items[" + index[0] + "]." + e.field(), e.getMessage());
                }
                index[0]++;
                keys.add(item.get(table.hashKey()).s());
                digest.add(item);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.name() + ": " + e.getMessage(), e);
        }
        return new Checked(keys, summary, digest.hex());
    }

    public Result importDocument(AppTable table, Source source, Mode mode) {
        return importDocument(table, source, mode, false);
    }

    /**
     * Validates the whole document, then writes it. In replace mode a document whose header count or digest does
     * not match its items (a truncated or edited export) is refused unless {@code force} is set, because replace
     * would delete every item the document lost.
     *
     * @throws TableImportException   when the document is refused; nothing was written
     * @throws PartialImportException when a write failed after validation; says which items were written
     */
    public Result importDocument(AppTable table, Source source, Mode mode, boolean force) {
        Checked checked = check(table, source);
        var mismatch = checked.mismatch();
        if (mode == Mode.REPLACE && !force && mismatch.isPresent()) {
            throw new TableImportException(source.name(), checked.summary().declaredLine(), "count",
                    mismatch.get() + "; it looks truncated or edited, and replace would delete the missing items."
                            + " Re-export it, remove its 'count' and 'digest' lines after editing, or force the replace");
        }
        String physical = names.physical(table);
        var progress = new Progress(source.name(), table.logicalName(), checked.summary().items());
        var batch = new ArrayList<WriteRequest>(BATCH);
        try (Reader in = source.open()) {
            TableDocumentReader.read(in, source.name(), table, (item, line) -> {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == BATCH) {
                    flush(physical, batch, table.hashKey(), progress, false);
                }
            });
        } catch (IOException e) {
            throw progress.failed("reading " + source.name() + " again: " + e.getMessage(), e);
        }
        flush(physical, batch, table.hashKey(), progress, false);
        if (mode == Mode.REPLACE) {
            deleteAbsent(table, physical, checked.keys(), progress);
        }
        return new Result(table.logicalName(), progress.written, progress.deleted);
    }

    /** How far the writes got, for the report when one fails. */
    private static final class Progress {
        private static final int KEYS_KEPT = 1000;
        final String source;
        final String table;
        final long total;
        long written;
        long deleted;
        final List<String> writtenKeys = new ArrayList<>();

        Progress(String source, String table, long total) {
            this.source = source;
            this.table = table;
            this.total = total;
        }

        void wrote(String key) {
            written++;
            if (writtenKeys.size() < KEYS_KEPT) {
                writtenKeys.add(key);
            }
        }

        PartialImportException failed(String cause, Throwable error) {
            return new PartialImportException(source, table, written, total, writtenKeys, written <= KEYS_KEPT,
                    deleted, cause, error);
        }
    }

    private void deleteAbsent(AppTable table, String physical, Set<String> keep, Progress progress) {
        var batch = new ArrayList<WriteRequest>(BATCH);
        String hash = table.hashKey();
        // Collect first: deleting while paginating a scan can skip items.
        List<String> absent = new ArrayList<>();
        try {
            var pages = dynamo.scanPaginator(b -> b.tableName(physical).projectionExpression("#k")
                    .expressionAttributeNames(Map.of("#k", hash)).consistentRead(true));
            for (var page : pages) {
                for (var item : page.items()) {
                    String key = item.get(hash).s();
                    if (!keep.contains(key)) {
                        absent.add(key);
                    }
                }
            }
        } catch (SdkException e) {
            throw progress.failed("listing items to delete: " + e.getMessage(), e);
        }
        for (String key : absent) {
            batch.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(Map.of(hash, AttributeValue.fromS(key))).build()).build());
            if (batch.size() == BATCH) {
                flush(physical, batch, hash, progress, true);
            }
        }
        flush(physical, batch, hash, progress, true);
    }

    /** Writes a batch, retrying unprocessed items with backoff, counting exactly which requests were applied. */
    private void flush(String physical, List<WriteRequest> batch, String hash, Progress progress, boolean deletes) {
        if (batch.isEmpty()) {
            return;
        }
        List<WriteRequest> pending = List.copyOf(batch);
        batch.clear();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                if (attempt > 8) {
                    throw progress.failed("DynamoDB table " + physical + " kept throttling writes", null);
                }
                sleep(Math.min(2000, 25L << attempt));
            }
            var request = Map.of(physical, pending);
            List<WriteRequest> unprocessed;
            try {
                unprocessed = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems()
                        .getOrDefault(physical, List.of());
            } catch (SdkException e) {
                throw progress.failed(e.getMessage(), e);
            }
            var left = new HashSet<>(unprocessed);
            for (WriteRequest w : pending) {
                if (!left.contains(w)) {
                    if (deletes) {
                        progress.deleted++;
                    } else {
                        progress.wrote(w.putRequest().item().get(hash).s());
                    }
                }
            }
            pending = unprocessed;
        }
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
