package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.store.BackupHistory;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints the unified diff of two stored versions of a device, as {@code GET /devices/{name}/diff} does. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show what changed between two stored versions of a device (unified diff). By default the"
                + " previous version against the newest.")
final class DiffCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", description = "Device name.")
    String device;
    @Option(names = "--from", description = "The older version (e.g. 20261123T130000Z, or latest). Default: the one before --to.")
    String from;
    @Option(names = "--to", description = "The newer version (e.g. 20261123T130000Z, or latest). Default: the newest.")
    String to;

    @Override
    public Integer call() throws Exception {
        HistoryCommand.checkName(device);
        try (Target.Session session = target.open()) {
            Services services = session.services();
            BackupHistory history = new BackupHistory(services.store(), services.layout());
            BackupHistory.Comparison c;
            try {
                c = history.compare(device, Optional.ofNullable(from), Optional.ofNullable(to));
            } catch (BackupHistory.VersionProblem e) {
                throw new IllegalArgumentException(switch (e.reason()) {
                    case NO_BACKUP -> {
                        HistoryCommand.requireKnown(services, history, device);
                        yield e.getMessage();
                    }
                    case INVALID_VERSION -> "--" + e.param() + " " + e.getMessage();
                    case UNKNOWN_VERSION -> e.getMessage() + "; `cfgvault history " + device + "` lists its versions";
                    case NO_PREVIOUS_VERSION -> e.getMessage() + " (give --from, see `cfgvault history " + device + "`)";
                });
            }
            if (c.diff().isEmpty()) {
                System.out.println("no change between " + device + "@" + c.from() + " and " + device + "@" + c.to());
            } else {
                System.out.print(c.unified());
            }
            return 0;
        }
    }
}
