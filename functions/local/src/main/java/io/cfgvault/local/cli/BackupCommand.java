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
        var credentials = new FileCredentials(file.credentials(), System.getenv(), baseDir);
        // the file's devices only: the inventory table may hold others from earlier imports or the API
        var fileNames = file.devices().stream().map(io.cfgvault.inventory.Device::name).toList();
        for (String d : devices) {
            if (!fileNames.contains(d)) {
                throw new IllegalArgumentException("--device " + d + " is not in " + inventory + "; it has " + fileNames);
            }
        }
        var selector = new JobRequest.DeviceSelector(devices.isEmpty() ? fileNames : devices,
                Optional.ofNullable(model), Optional.ofNullable(group));
        var selected = file.devices().stream().filter(selector::matches).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no device of " + inventory + " matches the selection (--device, --model, --group); nothing was done");
        }
        // every secret before anything is written: an unset variable fails here once, not once per device after a job started
        var configuration = services.configuration();
        var jumpHosts = io.cfgvault.inventory.JumpHosts.from(configuration).with(file.jumpHosts());
        for (var d : selected) {
            credentials.resolve(d);
            var options = io.cfgvault.jobs.DeviceBackupService.resolveOptions(d, configuration,
                    profiles.find(d.platform()).orElse(null));
            io.cfgvault.ssh.JumpRoute.hops(d, options, jumpHosts, credentials);
        }
        // the file's jump hosts go where every job reads them: the configuration table (a key pinned there stays
        // unless the file pins one itself)
        services.configurationStore().put(file.jumpHosts().toConfiguration());
        services.inventory().upsert(file.devices());
        System.out.printf("inventory: %d devices from %s, %d selected%n", file.devices().size(), inventory, selected.size());
        var configured = configuration.get(io.cfgvault.settings.Configuration.DEPLOYMENT_NAME);
        String deployment = services.layout().partition().deployment();
        if (configured.isEmpty()) {
            System.out.println("deployment: " + deployment + " (configuration key deployment.name is unset; set it before "
                    + "the first backup: a later change starts a new deployment= partition)");
        }
        DeviceBackupService devicesService = services.deviceBackupService(credentials, profiles);
        var request = new JobRequest(Trigger.CLI, Instant.now().truncatedTo(ChronoUnit.SECONDS), !noTables, true,
                selector, "local:" + System.getProperty("user.name"));
        JobSummary summary;
        try (var bar = new ProgressReporter()) {
            summary = services.backupJobs(devicesService.withProgress(bar)).run(request);
        }
        Report.print(summary, System.out);
        return summary.failedDevices() == 0 ? 0 : 2;
    }
}
