package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.Names;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Lists a device's stored versions, newest first, as {@code GET /devices/{name}/backups} does. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List a device's stored backup versions, newest first, with the time and S3 key of each.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", description = "Device name.")
    String device;

    @Override
    public Integer call() throws Exception {
        checkName(device);
        try (Target.Session session = target.open()) {
            Services services = session.services();
            BackupHistory history = new BackupHistory(services.store(), services.layout());
            List<BackupHistory.Version> versions = history.history(device);
            if (versions.isEmpty()) {
                requireKnown(services, history, device);
                System.out.println(device + ": no stored backup yet");
                return 0;
            }
            System.out.println(device + ": " + versions.size() + (versions.size() == 1 ? " version" : " versions") + ", newest first");
            System.out.printf("%-18s %-22s %s%n", "VERSION", "STORED AT", "KEY");
            for (BackupHistory.Version v : versions) {
                System.out.printf("%-18s %-22s %s%n", v.version(), v.storedAt(), v.key());
            }
            return 0;
        }
    }

    static void checkName(String device) {
        Names.deviceNameProblem(device).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** A device is known while it is in the inventory or still has stored backups (it may have been removed since). */
    static void requireKnown(Services services, BackupHistory history, String device) {
        if (services.inventory().get(device).isEmpty() && !history.hasAny(device)) {
            throw new IllegalArgumentException("device '" + device + "' is not in the inventory and has no stored backups");
        }
    }
}
