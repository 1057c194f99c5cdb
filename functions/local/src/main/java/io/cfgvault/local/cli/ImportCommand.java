package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports an exported table document into a table of the embedded environment. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a table document (configuration, scheduler or inventory YAML as exported).")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Table: configuration, scheduler or inventory.")
    String table;

    @Parameters(index = "1", description = "YAML file as written by an export.")
    Path file;

    @Option(names = "--replace", description = "Delete items that are not in the file (default: merge).")
    boolean replace;

    @Option(names = "--force", description = "With --replace: import even if the file's count or digest does not"
            + " match its items (a truncated or edited export).")
    boolean force;

    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Embedded environment data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        AppTable target = AppTable.byLogicalName(table).filter(AppTable::backedUp)
                .orElseThrow(() -> new IllegalArgumentException("unknown table '" + table
                        + "'; expected configuration, scheduler or inventory"));
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir); Services services = new Services(aws.settings())) {
            var result = services.tableImporter().importDocument(target, TableImporter.source(file),
                    replace ? TableImporter.Mode.REPLACE : TableImporter.Mode.MERGE, force);
            System.out.printf("%s: %d items written, %d deleted%n", result.table(), result.written(), result.deleted());
            return 0;
        }
    }
}
