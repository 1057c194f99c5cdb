package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.settings.Settings;
import io.cfgvault.store.Partition;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Instant;

/**
 * Benchmark client: exports the inventory table through the production {@link TableExporter} (parallel
 * scan, streaming YAML, S3 PUT) and prints items/s and the JVM's peak heap use.
 */
public final class TableExportBench {
    private TableExportBench() {}

    public static void main(String[] args) {
        int segments = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        try (Services services = new Services(Settings.fromEnvironment())) {
            var exporter = new TableExporter(services.dynamo(), services.tableNames(), services.store(), segments);
            var layout = new S3Layout(new Partition("000000000000", services.settings().region(), "bench"));
            long t0 = System.nanoTime();
            TableExporter.Result r = exporter.export(AppTable.INVENTORY, layout, Instant.now());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("cfgvault export: %d items, %.1f MB YAML, %.2f s, %.0f items/s, scan segments %d, peak heap %.1f MB (max heap %d MB)%n",
                    r.items(), r.bytes() / 1e6, seconds, r.items() / seconds, segments, peakHeap / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

}
