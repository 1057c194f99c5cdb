package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.settings.Settings;
import io.cfgvault.sharing.ConfigExport;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark client: one zip of every device's latest config through the production {@link ConfigExport}, into a
 * file; prints devices/s, bytes and the JVM's peak heap, which should not grow with the number of devices.
 */
public final class ExportBench {
    private ExportBench() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        try (Services services = new Services(Settings.fromEnvironment())) {
            var export = new ConfigExport(services.store(), services.inventory());
            var selection = new ConfigExport.Selection(List.of(), Optional.empty(), Optional.empty(), Optional.empty());
            long t0 = System.nanoTime();
            var devices = export.select(selection);
            ConfigExport.Result r;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
                r = export.write(services.layout(), selection, devices, file, Instant.now(), ConfigExport.Progress.NONE);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("cfgvault export: %d devices, %.1f MB of config, zip %.1f MB, %.2f s, %.0f devices/s, peak heap %.1f MB (max heap %d MB)%n",
                    r.devices(), r.bytes() / 1e6, Files.size(out) / 1e6, seconds, r.devices() / seconds, peakHeap / 1e6,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
