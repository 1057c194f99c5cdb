package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.tables.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark: the same simulated devices backed up through the queue path (scheduled orchestrator, ElasticMQ,
 * poller, DeviceBackupWorker, per-device transactions) and through the direct pool path (CLI), at the same
 * concurrency, each on fresh tables and bucket so both do the same work (every config new).
 * Args: devices, config bytes, rounds.
 */
public final class JobBench {
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    private JobBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int workers = 4;
        int batch = 10;
        int concurrency = workers * batch;
        Path dir = Files.createTempDirectory("cfgvault-bench-jobs");
        var sims = new ArrayList<SimDevice>();
        for (int i = 0; i < devices; i++) {
            String n = String.format("bench-%04d", i);
            sims.add(new SimDevice(n, "cisco_ios", USER, PASSWORD, SimConfigs.generate("cisco_ios", n, bytes, i), Fault.NONE));
        }
        try (EmbeddedAws aws = EmbeddedAws.start(dir.resolve("aws"));
             DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), sims)) {
            List<Device> inventory = sims.stream().map(s -> new Device(s.name(), farm.host(), farm.port(s.name()), "cisco_ios",
                    "C9300", "bench", "lab", true, Optional.empty(), Map.of())).toList();
            System.out.printf("%d simulated devices, ~%d KB configs, concurrency %d (queue: %d workers x batch %d), %d cores%n",
                    devices, bytes / 1000, concurrency, workers, batch, Runtime.getRuntime().availableProcessors());
            double directSeconds = 0;
            double queuedSeconds = 0;
            for (int round = 1; round <= rounds; round++) {
                double direct = direct(aws, inventory, concurrency, "d" + round);
                double queued = queued(aws, inventory, workers, batch, concurrency, "q" + round);
                System.out.printf("round %d: direct pool %.1f devices/s, queue path %.1f devices/s, queue costs %+.1f%% time%n",
                        round, direct, queued, (direct / queued - 1) * 100);
                if (round > 1) {
                    // round 1 warms the JIT and is left out of the totals
                    directSeconds += devices / direct;
                    queuedSeconds += devices / queued;
                }
            }
            if (rounds > 1) {
                System.out.printf("rounds 2-%d together: direct pool %.1f devices/s, queue path %.1f devices/s, queue costs %+.1f%% time%n",
                        rounds, devices * (rounds - 1) / directSeconds, devices * (rounds - 1) / queuedSeconds,
                        (queuedSeconds / directSeconds - 1) * 100);
            }
        }
    }

    private static Services fresh(EmbeddedAws aws, String id, boolean withQueue) {
        var settings = aws.settings().withTablePrefix("bench" + id + "-").withBucket("bench-" + id);
        if (withQueue) {
            var plain = new Services(settings);
            String url = plain.sqsClient().createQueue(b -> b.queueName("bench-" + id)).queueUrl();
            plain.close();
            settings = settings.withQueueUrl(url);
        }
        var finalSettings = settings;
        var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", USER, PASSWORD)), Map.of(), aws.dataDir());
        var services = Services.builder(finalSettings).devices(creds, Profiles.builtin()).build();
        EmbeddedAws.createTables(services.dynamo(), new TableNames(finalSettings.tablePrefix()));
        services.s3().createBucket(b -> b.bucket(finalSettings.bucket()));
        services.dynamo().putItem(b -> b.tableName(finalSettings.tablePrefix() + "configuration").item(Map.of(
                "key", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("backup.concurrency"),
                "value", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("40"))));
        return services;
    }

    private static void wire(Services services, List<Device> inventory) {
        services.inventory().upsert(inventory);
    }

    private static double direct(EmbeddedAws aws, List<Device> inventory, int concurrency, String id) {
        try (Services services = fresh(aws, id, false)) {
            wire(services, inventory);
            long t0 = System.nanoTime();
            var summary = services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true,
                    JobRequest.DeviceSelector.all(), "bench"));
            double s = (System.nanoTime() - t0) / 1e9;
            check(summary.devices().size(), summary.failedDevices(), inventory.size());
            return inventory.size() / s;
        }
    }

    private static double queued(EmbeddedAws aws, List<Device> inventory, int workers, int batch, int concurrency, String id) throws Exception {
        try (Services services = fresh(aws, id, true)) {
            wire(services, inventory);
            try (var poller = new QueuePoller(services.sqsClient(), services.settings().queueUrl().orElseThrow(),
                    new DeviceBackupWorker(services.deviceWorker()), batch, 120, workers).start()) {
                long t0 = System.nanoTime();
                BackupJobs.JobStart start = services.backupJobs().start(new JobRequest(Trigger.API, Instant.now(), false, true,
                        JobRequest.DeviceSelector.all(), "bench"));
                JobRecord job;
                do {
                    Thread.sleep(20);
                    job = services.jobStore().get(start.jobId()).orElseThrow();
                } while (!job.finished());
                double s = (System.nanoTime() - t0) / 1e9;
                check(job.done(), job.failed(), inventory.size());
                return inventory.size() / s;
            }
        }
    }

    private static void check(long done, long failed, int expected) {
        if (done != expected || failed != 0) {
            throw new IllegalStateException("benchmark run incomplete: " + done + " of " + expected + " devices, " + failed + " failed");
        }
    }
}
