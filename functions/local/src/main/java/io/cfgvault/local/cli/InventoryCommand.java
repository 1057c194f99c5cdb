package io.cfgvault.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.source.ChangeSet;
import io.cfgvault.inventory.source.CsvSource;
import io.cfgvault.inventory.source.DcimSource;
import io.cfgvault.inventory.source.InventorySource;
import io.cfgvault.inventory.source.InventorySync;
import io.cfgvault.inventory.source.PlatformMap;
import io.cfgvault.inventory.source.RouterDbSource;
import io.cfgvault.inventory.source.SourceApi;
import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Inventory from elsewhere: sync from NetBox/Nautobot, import a CSV file or an Oxidized router.db, dry run first. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Bring devices in from NetBox, Nautobot, a CSV file or an Oxidized router.db.",
        subcommands = {InventoryCommand.Sync.class, InventoryCommand.Import.class})
final class InventoryCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options every inventory subcommand shares. */
    static final class Common {
        @Mixin
        Target target;
        @Option(names = "--dry-run", description = "Show what would be added, changed, disabled and removed; write nothing.")
        boolean dryRun;
        @Option(names = "--credentials", description = "Credentials reference for new devices that the source gives none "
                + "(default: configuration key inventory.credentials, else 'default').")
        String credentials;
        @Option(names = "--profiles", description = "Directory of platform profile YAML files that add to or override the built-ins.")
        Path profilesDir;
        @Option(names = "--json", description = "Print the change set as JSON.")
        boolean json;

        int run(java.util.function.Function<PlatformMap, InventorySource> source) throws Exception {
            try (Target.Session session = target.open()) {
                Services services = session.services();
                Configuration configuration = services.configuration();
                Profiles profiles = profilesDir == null ? Profiles.builtin() : Profiles.builtin().withDirectory(profilesDir);
                PlatformMap platforms = PlatformMap.of(configuration, new HashSet<>(profiles.names()));
                String creds = credentials != null ? credentials : configuration.get(Configuration.INVENTORY_CREDENTIALS, "default");
                ChangeSet changes = new InventorySync(services.inventory()).run(source.apply(platforms), creds, dryRun);
                if (!dryRun) {
                    services.auditLog().record("local:" + System.getProperty("user.name"), "inventory-sync", "inventory",
                            "ok", Map.of("source", changes.source(), "summary", changes.summary()));
                }
                System.out.print(json ? JSON.writeValueAsString(changes.report()) + "\n" : text(changes));
                return 0;
            }
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Sync devices from NetBox or Nautobot (GET /api/dcim/devices/, all pages).")
    static final class Sync implements Callable<Integer> {
        @Parameters(index = "0", description = "netbox or nautobot")
        String kind;
        @Option(names = "--url", required = true, description = "Base URL, e.g. https://netbox.example.com")
        URI url;
        @Option(names = "--token-env", required = true, description = "Environment variable holding the API token.")
        String tokenEnv;
        @Option(names = "--filter", description = "key=value filter passed to the devices list (site, role, tag, status, ...); repeatable.")
        List<String> filters = new ArrayList<>();
        @Option(names = "--timeout", defaultValue = "30", description = "Seconds per request (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            DcimSource.Kind k = DcimSource.Kind.parse(kind);
            String token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("environment variable " + tokenEnv + " (--token-env) is not set or empty");
            }
            var parsed = new ArrayList<Map.Entry<String, String>>();
            for (String f : filters) {
                int eq = f.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--filter '" + f + "' is not key=value (e.g. site=fra1, role=access, tag=backup, status=active)");
                }
                parsed.add(new AbstractMap.SimpleEntry<>(f.substring(0, eq).trim(), f.substring(eq + 1).trim()));
            }
            try (SourceApi api = new SourceApi(k.label(), url, token, Duration.ofSeconds(timeoutSeconds))) {
                return common.run(platforms -> new DcimSource(k, api, parsed, platforms));
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import devices from a CSV file with a header row or an Oxidized router.db.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", description = "csv or oxidized")
        String kind;
        @Parameters(index = "1", description = "The file.")
        Path file;
        @Option(names = "--separator", description = "router.db field separator (default ':').")
        String separator;
        @Option(names = "--map", description = "router.db field map, as Oxidized's source.csv.map (default name=0,model=1; "
                + "fields: name, model, ip, group, port).")
        String map;
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            String text = Files.readString(file);
            String label = file.getFileName().toString();
            return switch (kind.toLowerCase(java.util.Locale.ROOT)) {
                case "csv" -> common.run(platforms -> new CsvSource(label, text, platforms));
                case "oxidized", "router.db" -> {
                    var fields = RouterDbSource.parseMap(map);
                    yield common.run(platforms -> new RouterDbSource(label, text, separator, fields, platforms));
                }
                default -> throw new IllegalArgumentException("unknown import format '" + kind + "'; expected csv or oxidized");
            };
        }
    }

    static String text(ChangeSet c) {
        var out = new StringBuilder();
        out.append(c.source()).append(c.applied() ? ": applied" : ": dry run, nothing written").append('\n');
        for (ChangeSet.Change a : c.added()) {
            var d = a.target();
            out.append("  + ").append(d.name()).append("  ").append(d.host()).append(':').append(d.port()).append("  ")
                    .append(d.platform()).append(d.model().isEmpty() ? "" : "  " + d.model())
                    .append(d.group().isEmpty() ? "" : "  group " + d.group()).append(d.enabled() ? "" : "  (disabled)").append('\n');
        }
        for (ChangeSet.Change ch : c.changed()) {
            out.append("  ~ ").append(ch.device()).append("  ").append(fields(ch)).append('\n');
        }
        for (ChangeSet.Change ch : c.disabled()) {
            out.append("  - ").append(ch.device()).append("  disabled (inactive in the source)").append('\n');
        }
        for (ChangeSet.Change ch : c.removed()) {
            out.append("  - ").append(ch.device()).append("  no longer in the source: disabled, not deleted").append('\n');
        }
        for (var p : c.problems()) {
            out.append("  ! ").append(p.device()).append("  skipped: ").append(p.message()).append('\n');
        }
        out.append(c.summary()).append('\n');
        return out.toString();
    }

    private static String fields(ChangeSet.Change ch) {
        var parts = new ArrayList<String>();
        ch.fields().forEach(f -> parts.add(f.field() + " " + (f.from().isEmpty() ? "''" : f.from()) + " -> " + f.to()));
        return String.join(", ", parts);
    }
}
