package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.restore.TableRestore;
import io.cfgvault.store.Partition;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Restores one of the application's tables from an archive copy, of this deployment or another one in the same bucket. */
@Command(name = "restore-table",
        description = "Restore configuration, scheduler or inventory from an archive copy (dry run unless --apply).")
final class RestoreTableCommand implements Callable<Integer> {
    @Mixin
    Target target;

    // not mixinStandardHelpOptions: its -V/--version would clash with the archive --version below
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", description = "Table: configuration, scheduler or inventory.")
    String table;

    @Option(names = "--version", required = true, description = "Archive version of the table (e.g. 20261123T130000Z).")
    String version;

    @Option(names = "--mode", defaultValue = "merge", description = "merge (upsert the archived items, default) or replace (also delete items the copy lacks).")
    String mode;

    @Option(names = "--apply", description = "Write the items; without it only the changes are listed.")
    boolean apply;

    @Option(names = "--from-deployment", description = "Restore from this deployment's archive (default: this deployment).")
    String fromDeployment;

    @Option(names = "--from-account", description = "Account id of the source deployment (default: this one's).")
    String fromAccount;

    @Option(names = "--from-region", description = "Region of the source deployment (default: this one's).")
    String fromRegion;

    @Override
    public Integer call() throws Exception {
        AppTable t = AppTable.byLogicalName(table).filter(AppTable::backedUp).orElse(null);
        if (t == null) {
            System.err.println("restore-table: unknown table '" + table + "'; use configuration, scheduler or inventory");
            return 1;
        }
        TableImporter.Mode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "merge" -> TableImporter.Mode.MERGE;
            case "replace" -> TableImporter.Mode.REPLACE;
            default -> null;
        };
        if (m == null) {
            System.err.println("restore-table: --mode must be merge or replace, not '" + mode + "'");
            return 1;
        }
        try (Target.Session session = target.open()) {
            Services services = session.services();
            Partition here = services.layout().partition();
            var from = new S3Layout(new Partition(fromAccount == null ? here.accountId() : fromAccount,
                    fromRegion == null ? here.region() : fromRegion, fromDeployment == null ? here.deployment() : fromDeployment));
            var plan = new TableRestore(services.store(), services.tableExporter(), services.tableImporter())
                    .restore(t, from, version, m, !apply);
            plan.added().forEach(k -> System.out.println("+ " + k));
            plan.changed().forEach(k -> System.out.println("~ " + k));
            plan.deleted().forEach(k -> System.out.println("- " + k));
            System.out.printf("%s: %s %d added, %d changed, %d deleted from %s%n", t.logicalName(), apply ? "restored:" : "dry run (nothing written):",
                    plan.added().size(), plan.changed().size(), plan.deleted().size(), plan.source());
            if (apply) {
                services.auditLog().record("local:" + System.getProperty("user.name"), "restore", t.logicalName(), "ok",
                        java.util.Map.of("version", version, "mode", m.name().toLowerCase(Locale.ROOT), "source", plan.source()));
            }
            return 0;
        } catch (IllegalArgumentException | io.cfgvault.tables.TableImportException e) {
            System.err.println("restore-table: " + e.getMessage() + "; nothing was written");
            return 1;
        }
    }
}
