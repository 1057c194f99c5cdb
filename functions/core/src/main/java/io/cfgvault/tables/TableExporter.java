package io.cfgvault.tables;

import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import io.cfgvault.yaml.YamlEvents;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * queue into a spill file and come out sorted by key, so memory holds only keys and two exports of the same
 * content are byte-identical.
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

    /**
     * Writes the table into {@code file}, items sorted by key, so identical content gives identical bytes.
     * The header carries the item count and the content digest, which an import in replace mode checks to
     * refuse a truncated file. Items stream from the parallel scan into a spill file (memory holds only keys
     * and offsets), then are copied out in key order. Returns the change-detection digest, which ignores the
     * table's volatile attributes.
     */
    public ItemDigest writeDocument(AppTable table, Path file) throws IOException {
        var changeDigest = new ItemDigest();
        var contentDigest = new ItemDigest();
        var index = new ArrayList<Spilled>();
        Path spill = Files.createTempFile(file.toAbsolutePath().getParent(), "cfgvault-spill-", ".yaml");
        try {
            try (var out = Files.newOutputStream(spill)) {
                long[] offset = {0};
                scan(table, item -> {
                    changeDigest.add(item, table.volatileAttributes());
                    contentDigest.add(item);
                    byte[] bytes = itemYaml(item, table.hashKey());
                    out.write(bytes);
                    index.add(new Spilled(item.get(table.hashKey()).s(), offset[0], bytes.length));
                    offset[0] += bytes.length;
                });
            }
            index.sort(java.util.Comparator.comparing(Spilled::key));
            try (var out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                 var in = FileChannel.open(spill, StandardOpenOption.READ)) {
                out.write(header(table, contentDigest, index.isEmpty()).getBytes(StandardCharsets.UTF_8));
                for (Spilled s : index) {
                    var buffer = ByteBuffer.allocate(s.length());
                    while (buffer.hasRemaining() && in.read(buffer, s.offset() + buffer.position()) >= 0) {
                        // read the whole chunk
                    }
                    out.write(buffer.array());
                }
            }
        } finally {
            Files.deleteIfExists(spill);
        }
        return changeDigest;
    }

    private record Spilled(String key, long offset, int length) {}

    private static String header(AppTable table, ItemDigest digest, boolean empty) {
        return "table: " + table.logicalName() + "\n"
                + "keySchema: {hash: " + table.hashKey() + "}\n"
                + "count: " + digest.count() + "\n"
                + "digest: " + digest.hex() + "\n"
                + (empty ? "items: []\n" : "items:\n");
    }

    /** One item as it appears in the document's block list: "- key: {S: ...}\n  attr: ...\n". */
    static byte[] itemYaml(Map<String, AttributeValue> item, String hashKey) {
        var text = new StringWriter();
        try (var yaml = new YamlEvents(text)) {
            yaml.startList(false);
            AttributeYaml.writeItem(yaml, item, hashKey);
            yaml.endList();
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private interface ItemConsumer {
        void accept(Map<String, AttributeValue> item) throws IOException;
    }

    /** Runs the parallel scan, handing items to {@code sink} on the calling thread. */
    private void scan(AppTable table, ItemConsumer sink) throws IOException {
        String physical = names.physical(table);
        BlockingQueue<Map<String, AttributeValue>> queue = new ArrayBlockingQueue<>(4096);
        ExecutorService pool = Executors.newFixedThreadPool(segments, r -> {
            Thread t = new Thread(r, "scan-" + table.logicalName());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> scans = new ArrayList<>();
        try {
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
                sink.accept(item);
            }
            failFast(scans);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting " + physical, e);
        } finally {
            pool.shutdownNow();
        }
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
