package io.cfgvault.local.cli;

import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.cmdb.CmdbEngine;
import io.cfgvault.local.cmdb.LocalCmdb;
import io.cfgvault.local.cmdb.ResultFormat;
import io.cfgvault.metadata.SavedQueries;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** SQL over the metadata datasets: DuckDB over the embedded bucket, or Athena with --aws; saved queries by name. */
@Command(name = "cmdb", mixinStandardHelpOptions = true,
        description = {"Query the metadata datasets (deployments, devices, jobs, changes) with SQL.",
                "Locally: DuckDB over the embedded bucket's metadata/ files. With --aws: Athena, in the deployment's workgroup.",
                "Same table and column names in both, partition columns included (accountid, region, deployment, day)."})
final class CmdbCommand implements Callable<Integer> {
    @Mixin
    Target target;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "The query, e.g. \"SELECT platform, count(*) FROM devices GROUP BY platform\".")
    String sql;

    @Option(names = "--saved", description = "List the saved queries.")
    boolean saved;

    @Option(names = "--run", paramLabel = "NAME", description = "Run a saved query (see --saved).")
    String run;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--csv", description = "Print CSV (RFC 4180) instead of a table.")
        boolean csv;
        @Option(names = "--json", description = "Print a JSON array of objects instead of a table.")
        boolean json;

        ResultFormat format() {
            return csv ? ResultFormat.CSV : json ? ResultFormat.JSON : ResultFormat.TABLE;
        }
    }

    @Option(names = "--workgroup", paramLabel = "NAME", description = "Athena workgroup with --aws (default: $CFGVAULT_ATHENA_WORKGROUP, else cfgvault-<deployment>).")
    String workgroup;

    @Option(names = "--database", paramLabel = "NAME", description = "Glue database with --aws (default: $CFGVAULT_ATHENA_DATABASE, else cfgvault_<deployment>).")
    String database;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int given = (sql != null ? 1 : 0) + (saved ? 1 : 0) + (run != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("cmdb: give one of a SQL query, --saved or --run NAME (see cfgvault cmdb --help)");
        }
        if (saved) {
            for (var q : SavedQueries.all()) {
                out.printf("%-30s %s%n", q.name(), q.description());
            }
            out.flush();
            return 0;
        }
        String text = sql;
        if (run != null) {
            text = SavedQueries.find(run).orElseThrow(() -> new IllegalArgumentException("cmdb: no saved query '" + run
                    + "'; saved queries: " + String.join(", ", SavedQueries.all().stream().map(SavedQueries.Query::name).toList())))
                    .sql();
        }
        try (CmdbEngine engine = open()) {
            out.print(format.format().render(engine.query(text)));
            out.flush();
        }
        return 0;
    }

    private CmdbEngine open() {
        if (target.aws) {
            return AthenaTarget.open(workgroup, database);
        }
        var engine = new LocalCmdb(target.dataDir.resolve("s3").resolve(EmbeddedAws.BUCKET));
        if (!engine.hasData()) {
            spec.commandLine().getErr().println("cfgvault: no metadata under " + engine.metadataDir()
                    + " yet; every table is empty until a backup runs (scripts/cfgvault demo, or backup)");
        }
        return engine;
    }
}
