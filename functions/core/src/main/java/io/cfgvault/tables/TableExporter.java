package io.cfgvault.tables;

import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exports one table as an import-ready YAML document to {@code latest/} on every run, and to {@code archive/}
 * when the content differs from the last archived copy. Items stream from a parallel scan through a bounded
 * queue into a temp file, so memory stays flat whatever the table size.
 */
public final class TableExporter {
    /** Metadata key on the latest copy holding the content digest that the next run compares against. */
    public static final String DIGEST_META = "cfgvault-content-digest";
    public static final String ITEMS_META = "cfgvault-items";
    private static final Map<String, AttributeValue> END = Map.of();

    private final DynamoDbClient dynamo;
    private final TableNames names;
    private final ObjectStore store;
    private final int segments;

    public TableExporter(DynamoDbClient dynamo, TableNames names, ObjectStore store, int segments) {
        this.dynamo = dynamo;
        this.names = names;
        this.store = store;
        this.segments = Math.max(1, segments);
    }

    /** What one table export wrote. */
    public record Result(String table, String latestKey, String archiveKey, long items, long bytes, boolean changed) {}

    public Result export(AppTable table, S3Layout layout, Instant time) {
        return withTempFile(table, tmp -> {
            ItemDigest digest = writeDocument(table, tmp);
            long bytes = Files.size(tmp);
            String latestKey = layout.latestTable(table.logicalName());
            String previous = store.head(latestKey).map(i -> i.metadata().get(DIGEST_META)).orElse(null);
            boolean changed = !digest.hex().equals(previous);
            var meta = Map.of(DIGEST_META, digest.hex(), ITEMS_META, Long.toString(digest.count()));
            String archiveKey = null;
            if (changed) {
                // Archive before latest: if the run dies in between, the next run still sees a change.
                archiveKey = layout.archiveTable(table.logicalName(), time);
                store.put(archiveKey, tmp, "application/yaml", meta);
            }
            store.put(latestKey, tmp, "application/yaml", meta);
            return new Result(table.logicalName(), latestKey, archiveKey, digest.count(), bytes, changed);
        });
    }

    /** The table's document in memory, for API responses (which Lambda caps at 6 MB anyway). */
    public byte[] documentBytes(AppTable table) {
        return withTempFile(table, tmp -> {
            writeDocument(table, tmp);
            return Files.readAllBytes(tmp);
        });
    }

    private interface FileWork<T> {
        T run(Path file) throws IOException;
    }

    private static <T> T withTempFile(AppTable table, FileWork<T> work) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("cfgvault-" + table.logicalName() + "-", ".yaml");
            return work.run(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting table " + table.logicalName() + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless; Lambda recycles /tmp
                }
            }
        }
    }

    /** Streams the table into {@code file}; returns the content digest. */
    public ItemDigest writeDocument(AppTable table, Path file) throws IOException {
        var digest = new ItemDigest();
        String physical = names.physical(table);
        BlockingQueue<Map<String, AttributeValue>> queue = new ArrayBlockingQueue<>(4096);
        ExecutorService pool = Executors.newFixedThreadPool(segments, r -> {
            Thread t = new Thread(r, "scan-" + table.logicalName());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> scans = new ArrayList<>();
        try (var out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
             var yaml = new YamlEvents(out)) {
            yaml.startMap(false)
                    .field("table", table.logicalName())
                    .string("keySchema").startMap(true).field("hash", table.hashKey()).endMap()
                    .string("items").startList(false);
            for (int s = 0; s < segments; s++) {
                int segment = s;
                scans.add(pool.submit(() -> {
                    try {
                        scanSegment(physical, segment, queue);
                    } finally {
                        putQuietly(queue, END);
                    }
                    return null;
                }));
            }
            int finished = 0;
            while (finished < segments) {
                Map<String, AttributeValue> item = queue.poll(100, TimeUnit.MILLISECONDS);
                if (item == null) {
                    failFast(scans);
                    continue;
                }
                if (item == END) {
                    finished++;
                    continue;
                }
                digest.add(item, table.volatileAttributes());
                AttributeYaml.writeItem(yaml, item, table.hashKey());
            }
            failFast(scans);
            yaml.endList().endMap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting " + physical, e);
        } finally {
            pool.shutdownNow();
        }
        return digest;
    }

    private void scanSegment(String physical, int segment, BlockingQueue<Map<String, AttributeValue>> queue) {
        var pages = dynamo.scanPaginator(b -> {
            b.tableName(physical).consistentRead(true);
            if (segments > 1) {
                b.segment(segment).totalSegments(segments);
            }
        });
        for (var page : pages) {
            for (var item : page.items()) {
                putQuietly(queue, item);
            }
        }
    }

    private static void putQuietly(BlockingQueue<Map<String, AttributeValue>> queue, Map<String, AttributeValue> item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("export interrupted", e);
        }
    }

    private static void failFast(List<Future<?>> scans) throws InterruptedException {
        for (Future<?> f : scans) {
            if (f.isDone()) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
    }
}
