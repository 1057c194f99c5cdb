package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.Partition;
import io.cfgvault.store.S3Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark fixture for zip exports: the embedded environment with N devices in the inventory and a ~20 KB
 * {@code latest/} copy each, endpoints in {@code <dir>/endpoints.env}; serves until stdin closes. The export runs
 * in a separate small-heap JVM ({@link ExportBench}) so that its memory is measured alone.
 */
public final class ExportBenchServer {
    private ExportBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int devices = Integer.parseInt(args[1]);
        int bytes = Integer.parseInt(args[2]);
        try (EmbeddedAws aws = EmbeddedAws.start(dir); Services services = new Services(aws.settings())) {
            var layout = new S3Layout(new Partition("000000000000", EmbeddedAws.REGION, "bench"));
            if (services.inventory().list().size() < devices) {
                long t0 = System.nanoTime();
                load(services, layout, devices, bytes);
                System.err.printf("loaded %d devices in %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
            }
            var env = new StringBuilder();
            aws.settings().endpoints().env().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
            env.append("AWS_REGION=").append(EmbeddedAws.REGION).append('\n');
            env.append("CFGVAULT_BUCKET=").append(EmbeddedAws.BUCKET).append('\n');
            env.append("CFGVAULT_TABLE_PREFIX=").append(EmbeddedAws.TABLE_PREFIX).append('\n');
            env.append("CFGVAULT_ACCOUNT_ID=000000000000\nCFGVAULT_DEPLOYMENT=bench\n");
            env.append("AWS_ACCESS_KEY_ID=bench\nAWS_SECRET_ACCESS_KEY=bench\n");
            Files.writeString(dir.resolve("endpoints.env"), env);
            System.err.println("ready");
            while (System.in.read() >= 0) {
                // serve until the script closes our stdin
            }
        }
    }

    private static void load(Services services, S3Layout layout, int devices, int bytes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int start = 0; start < devices; start += 100) {
            int from = start;
            futures.add(pool.submit(() -> {
                var batch = new ArrayList<Device>();
                for (int i = from; i < Math.min(devices, from + 100); i++) {
                    String name = String.format("device-%05d", i);
                    String model = i % 2 == 0 ? "C9300" : "C9500";
                    batch.add(new Device(name, "10.0." + (i >> 8 & 255) + "." + (i & 255), 22, "cisco_ios", model, "site-" + (i % 30),
                            "lab", true, Optional.empty(), Map.of()));
                    String config = SimConfigs.generate("cisco_ios", name, bytes, i);
                    var doc = new DeviceDocument(name, "10.0.0.1", "cisco_ios", model, "site-" + (i % 30), Instant.now(),
                            List.of("show running-config"), "0".repeat(64), config.length(), config);
                    services.store().put(layout.latestDevice(name), doc.toYaml().getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of());
                }
                services.inventory().upsert(batch);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }
}
