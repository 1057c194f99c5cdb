package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.inventory.Device;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.LocalRuntime;
import io.cfgvault.local.sim.DemoFarm;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One full backup on the embedded environment: seeds the sample tables, starts a few simulated devices (one of
 * them faulty), and invokes the real ScheduledBackupHandler with an EventBridge "Scheduled Event" payload.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded environment and simulated devices, run the scheduled backup handler once.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Where tables and objects live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path samples = Home.samples();
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
             DeviceFarm farm = DemoFarm.start(aws.dataDir().resolve("devices"));
             LocalRuntime runtime = LocalRuntime.start(aws, DemoFarm.credentials(aws.dataDir()), Profiles.builtin())) {
            Services services = runtime.services();
            System.out.println("embedded environment in " + aws.dataDir() + " (DynamoDB Local, S3Proxy, ElasticMQ on 127.0.0.1)");
            TableImporter importer = services.tableImporter();
            for (AppTable table : List.of(AppTable.CONFIGURATION, AppTable.SCHEDULER)) {
                var result = importer.importDocument(table,
                        TableImporter.source(samples.resolve("tables").resolve(table.logicalName() + ".yaml")),
                        TableImporter.Mode.MERGE);
                System.out.printf("seeded %-14s %d items from samples/tables/%s.yaml%n", table.logicalName(),
                        result.written(), table.logicalName());
            }
            List<Device> devices = DemoFarm.inventory(farm);
            services.inventory().upsert(devices);
            System.out.printf("simulated devices: %d on 127.0.0.1 (%s is faulty: %s)%n", devices.size(),
                    DemoFarm.FAULTY, DemoFarm.FAULT_DESCRIPTION);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // The event EventBridge Scheduler sent for backup.cron's latest fire time.
            var backupCron = services.schedules().all().get(0);
            Instant fire = backupCron.fires().latestAtOrBefore(now).orElse(now);
            Map<String, Object> started = new ScheduledBackupHandler(services.backupJobs(), services.schedules())
                    .handleRequest(io.cfgvault.local.SchedulerEvents.fire(backupCron, fire), null);
            String jobId = (String) started.get("jobId");
            System.out.println("ScheduledBackupHandler queued job " + jobId + "; DeviceBackupWorker is taking devices from the queue...");
            JobSummary summary = runtime.awaitJob(jobId, Duration.ofMinutes(10));
            Report.print(summary, System.out);
            System.out.println("objects are plain files under " + aws.objectFile("") + "; events in " + aws.dataDir().resolve("events.jsonl"));
            boolean onlyTheFaultyFailed = summary.devices().stream().allMatch(d -> d.ok() != d.device().equals(DemoFarm.FAULTY));
            if (onlyTheFaultyFailed) {
                System.out.println("demo: all healthy devices backed up; " + DemoFarm.FAULTY + " failed as expected and its latest/ copy was left alone");
                return 0;
            }
            return 2;
        }
    }
}
