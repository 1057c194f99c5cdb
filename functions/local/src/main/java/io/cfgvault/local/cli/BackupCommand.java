package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.DeviceBackupService;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Imports an inventory file and runs a full backup (tables and devices) with live progress and a summary. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Import an inventory YAML and back up the tables and every selected device.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "--inventory", required = true, description = "Inventory YAML (credentials + devices).")
    Path inventory;



    @Option(names = "--profiles", description = "Directory of platform profile YAML files that add to or override the built-ins.")
    Path profilesDir;

    @Option(names = "--device", split = ",", description = "Only these devices (comma-separated).")
    List<String> devices = List.of();

    @Option(names = "--model", description = "Only devices of this model.")
    String model;

    @Option(names = "--group", description = "Only devices of this group.")
    String group;

    @Option(names = "--no-tables", description = "Skip the table export.")
    boolean noTables;

    @Override
    public Integer call() throws Exception {
        InventoryFile file = InventoryFile.read(inventory);
        Profiles profiles = profilesDir == null ? Profiles.builtin() : Profiles.builtin().withDirectory(profilesDir);
        try (Target.Session session = target.open()) {
            return run(session.services(), file, profiles, inventory.toAbsolutePath().getParent());
        }
    }

    int run(Services services, InventoryFile file, Profiles profiles, Path baseDir) {
        services.inventory().upsert(file.devices());
        System.out.printf("inventory: %d devices from %s%n", file.devices().size(), inventory);
        DeviceBackupService devicesService = services.deviceBackupService(
                new FileCredentials(file.credentials(), System.getenv(), baseDir), profiles);
        var request = new JobRequest(Trigger.CLI, Instant.now().truncatedTo(ChronoUnit.SECONDS), !noTables, true,
                new JobRequest.DeviceSelector(devices, Optional.ofNullable(model), Optional.ofNullable(group)),
                "local:" + System.getProperty("user.name"));
        JobSummary summary;
        try (var bar = new ProgressReporter()) {
            services.withDeviceBackups(devicesService.withProgress(bar));
            summary = services.backupJobs().run(request);
        }
        Report.print(summary, System.out);
        return summary.failedDevices() == 0 ? 0 : 2;
    }
}
