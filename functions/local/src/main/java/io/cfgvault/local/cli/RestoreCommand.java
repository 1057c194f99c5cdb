package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.inventory.SecretsManagerCredentials;
import io.cfgvault.restore.RestoreService;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Restores one device from a stored backup: a dry run shows the diff; --apply pushes, reads back and verifies. */
@Command(name = "restore",
        description = "Restore one device from a stored backup (dry run unless --apply).")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", description = "Device name.")
    String device;

    // not mixinStandardHelpOptions: its -V/--version would clash with the archive --version below
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", defaultValue = "latest", description = "Archive version (e.g. 20261123T130000Z) or latest (default).")
    String version;

    @Option(names = "--apply", description = "Push the config to the device; without it only the diff is shown.")
    boolean apply;

    @Option(names = "--inventory", description = "Inventory YAML with the device's credentials (local mode).")
    Path inventory;

    @Option(names = "--profiles", description = "Directory of platform profile YAML files that add to or override the built-ins.")
    Path profilesDir;



    @Override
    public Integer call() throws Exception {
        Profiles profiles = profilesDir == null ? Profiles.builtin() : Profiles.builtin().withDirectory(profilesDir);
        try (Target.Session session = target.open()) {
            Services services = session.services();
            CredentialsResolver credentials;
            if (inventory != null) {
                InventoryFile file = InventoryFile.read(inventory);
                credentials = new FileCredentials(file.credentials(), System.getenv(), inventory.toAbsolutePath().getParent());
            } else if (target.aws) {
                credentials = new SecretsManagerCredentials(services.clients().secretsManager(), services.settings().secretPrefix());
            } else {
                credentials = new FileCredentials(Map.of(), System.getenv(), Path.of("."));
            }
            RestoreService restore = services.restoreService(credentials, profiles);
            var outcome = restore.restore(services.layout(), services.configuration(), device, version, apply,
                    "local:" + System.getProperty("user.name"));
            if (!outcome.diff().isBlank()) {
                System.out.println(outcome.diff());
            }
            System.out.printf("%s: %s%n", device, outcome.message());
            return switch (outcome.result()) {
                case RESTORED, UNCHANGED, DRY_RUN -> 0;
                case ROLLED_BACK, ROLLBACK_FAILED, FAILED -> 2;
            };
        }
    }
}
