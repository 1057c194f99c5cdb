package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.LambdaEvents;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one full backup on the embedded environment, seeded from samples/, through the real Lambda handler. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the embedded environment, seed the sample tables, run the scheduled backup handler once.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Where tables and objects live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path samples = Home.samples();
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
             Services services = new Services(aws.settings())) {
            System.out.println("embedded environment in " + aws.dataDir() + " (DynamoDB Local, S3Proxy, ElasticMQ on 127.0.0.1)");
            TableImporter importer = services.tableImporter();
            for (AppTable table : AppTable.exported()) {
                var result = importer.importDocument(table,
                        TableImporter.source(samples.resolve("tables").resolve(table.logicalName() + ".yaml")),
                        TableImporter.Mode.MERGE);
                System.out.printf("seeded %-14s %d items from samples/tables/%s.yaml%n", table.logicalName(),
                        result.written(), table.logicalName());
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var event = LambdaEvents.scheduledEvent(samples.resolve("events/scheduled-event.json"), now);
            Map<String, Object> summary = new ScheduledBackupHandler(services.backupJobs()).handleRequest(event, null);
            Report.print(summary, aws, System.out);
            return "completed".equals(summary.get("status")) ? 0 : 2;
        }
    }

    static List<String> tableNames() {
        return AppTable.exported().stream().map(AppTable::logicalName).toList();
    }
}
