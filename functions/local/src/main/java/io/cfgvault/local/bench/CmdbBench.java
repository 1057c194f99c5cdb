package io.cfgvault.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.local.cmdb.LocalCmdb;
import io.cfgvault.local.cmdb.QueryResult;
import io.cfgvault.metadata.Datasets;
import io.cfgvault.metadata.SavedQueries;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code scripts/bench-cmdb}: writes the devices and deployments datasets of N devices spread over D deployments
 * (10 accounts, 3 regions) with the dataset schema's rows, then times the local engine's start-up (DuckDB load, views,
 * lock-down) and a filter-and-group query, each run several times after start-up.
 */
public final class CmdbBench {
    static final String QUERY = "SELECT accountid, platform, status, count(*) AS devices, sum(bytes) AS bytes FROM devices "
            + "WHERE enabled AND status <> 'ok' GROUP BY accountid, platform, status ORDER BY devices DESC";

    public static void main(String[] args) throws Exception {
        Path bucket = Path.of(args[0]);
        int devices = Integer.parseInt(args[1]);
        int deployments = Integer.parseInt(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        if (!Files.isDirectory(bucket.resolve("metadata"))) {
            long t = System.nanoTime();
            write(bucket, devices, deployments);
            System.out.printf("wrote %,d devices in %d deployments in %.1f s%n", devices, deployments, (System.nanoTime() - t) / 1e9);
        }
        long t0 = System.nanoTime();
        try (LocalCmdb cmdb = new LocalCmdb(bucket)) {
            double startup = (System.nanoTime() - t0) / 1e6;
            System.out.printf("engine start-up (DuckDB native library load, 4 views, lock-down): %.0f ms%n", startup);
            time(cmdb, "filter-and-group", QUERY, runs);
            time(cmdb, "saved query platform-mix", SavedQueries.find("platform-mix").orElseThrow().sql(), runs);
            time(cmdb, "saved query no-backup-24h", SavedQueries.find("no-backup-24h").orElseThrow().sql(), runs);
        }
    }

    private static void time(LocalCmdb cmdb, String name, String sql, int runs) {
        double[] ms = new double[runs];
        QueryResult r = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            r = cmdb.query(sql);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: first %.0f ms, median %.0f ms, max %.0f ms over %d runs (%d rows)%n",
                name, ms[0], sorted[runs / 2], sorted[runs - 1], runs, r.rows().size());
    }

    static void write(Path bucket, int devices, int deployments) throws Exception {
        var mapper = new ObjectMapper();
        var random = new Random(42);
        String[] platforms = {"cisco_ios", "arista_eos", "juniper_junos", "cisco_nxos", "mikrotik_routeros"};
        String[] models = {"C9300", "C9500", "7050X3", "MX204", "N9K-C93180", "CCR2004"};
        String[] statuses = {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "timeout", "auth", "incomplete", "never"};
        String[] regions = {"eu-west-1", "us-east-1", "ap-southeast-2"};
        Instant now = Instant.now();
        Datasets.Dataset devicesSet = Datasets.get("devices");
        Datasets.Dataset deploymentsSet = Datasets.get("deployments");
        for (int d = 0; d < deployments; d++) {
            String account = String.format("%012d", 100_000_000_000L + d % 10);
            String part = "accountid=" + account + "/region=" + regions[d % regions.length] + "/deployment=site-" + d;
            int n = devices / deployments + (d < devices % deployments ? 1 : 0);
            Path file = bucket.resolve("metadata/devices/" + part + "/devices.json");
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = 0; i < n; i++) {
                    String status = statuses[random.nextInt(statuses.length)];
                    Instant success = status.equals("never") ? null : now.minus(random.nextInt(72), ChronoUnit.HOURS);
                    var row = devicesSet.row()
                            .put("device", "dev-" + d + "-" + i)
                            .put("host", "10." + d + "." + (i / 250) + "." + (i % 250))
                            .put("platform", platforms[random.nextInt(platforms.length)])
                            .put("model", models[random.nextInt(models.length)])
                            .put("group", "group-" + (i % 20))
                            .put("enabled", random.nextInt(50) != 0)
                            .put("lastCheck", now.minus(1, ChronoUnit.HOURS).toString())
                            .put("lastSuccess", success == null ? null : success.toString())
                            .put("lastChange", success == null ? null : success.minus(random.nextInt(500), ChronoUnit.HOURS).toString())
                            .put("sha256", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
                            .put("bytes", 10_000 + random.nextInt(200_000))
                            .put("status", status)
                            .put("lastError", status.equals("ok") || status.equals("never") ? null : status + " while fetching")
                            .put("version", "20261201T000000Z")
                            .put("lastJobId", "job-" + d);
                    w.write(mapper.writeValueAsString(row.values()));
                    w.write('\n');
                }
            }
            var dep = deploymentsSet.row()
                    .put("version", "0.1.0")
                    .put("tableItems", java.util.Map.of("configuration", 5, "scheduler", 2, "inventory", n))
                    .put("deviceCount", n)
                    .put("devicesFailing", 0)
                    .put("lastJobId", "job-" + d)
                    .put("lastJobStatus", "completed")
                    .put("lastJobStartedAt", now.toString())
                    .put("lastJobFinishedAt", now.toString())
                    .put("writtenAt", now.toString());
            Path depFile = bucket.resolve("metadata/deployments/" + part + "/deployment.json");
            Files.createDirectories(depFile.getParent());
            Files.writeString(depFile, mapper.writeValueAsString(dep.values()));
        }
    }
}
