package io.cfgvault.handlers.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.source.ChangeSet;
import io.cfgvault.inventory.source.CsvSource;
import io.cfgvault.inventory.source.DcimSource;
import io.cfgvault.inventory.source.InventorySource;
import io.cfgvault.inventory.source.InventorySourceException;
import io.cfgvault.inventory.source.InventorySync;
import io.cfgvault.inventory.source.PlatformMap;
import io.cfgvault.inventory.source.RouterDbSource;
import io.cfgvault.inventory.source.SourceApi;
import io.cfgvault.inventory.source.SourceTokens;
import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Inventory sources over the API: {@code POST /inventory/sync} (NetBox/Nautobot, JSON body) and
 * {@code POST /inventory/import} (CSV or router.db as the body). Both return the change set; {@code dryRun}
 * writes nothing. The NetBox/Nautobot URL is the configured one ({@code inventory.netbox.url}) and the token is
 * never part of the request, so an API caller cannot make cfgvault send the token elsewhere.
 */
final class InventoryRoutes {
    private static final Set<String> SYNC_FIELDS = Set.of("source", "url", "filters", "dryRun", "credentials");

    private final InventoryStore inventory;
    private final Supplier<Configuration> configuration;
    private final Supplier<SourceTokens> tokens;

    InventoryRoutes(InventoryStore inventory, Supplier<Configuration> configuration, Supplier<SourceTokens> tokens) {
        this.inventory = inventory;
        this.configuration = configuration;
        this.tokens = tokens;
    }

    void register(Router router) {
        router.add("POST", "/inventory/sync", Set.of(), Body.JSON, this::sync)
                .add("POST", "/inventory/import", Set.of("format", "dryRun", "separator", "map", "credentials"), Body.TEXT, this::importFile);
    }

    private ApiResponse sync(Call call) {
        ObjectNode body = Json.object(call.request(), SYNC_FIELDS);
        String raw = Json.string(body, "source").orElseThrow(() -> ApiException.badRequest("missing_field",
                "field 'source' is required: netbox or nautobot"));
        DcimSource.Kind kind;
        try {
            kind = DcimSource.Kind.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", e.getMessage());
        }
        Configuration config = configuration.get();
        String key = kind == DcimSource.Kind.NETBOX ? Configuration.INVENTORY_NETBOX_URL : Configuration.INVENTORY_NAUTOBOT_URL;
        String configured = config.get(key).orElseThrow(() -> ApiException.badRequest("not_configured",
                "set configuration key " + key + " to the " + kind.label() + " base URL first; the API sends the token only there"));
        Json.string(body, "url").ifPresent(u -> {
            if (!trim(u).equals(trim(configured))) {
                throw ApiException.badRequest("invalid_field", "field 'url' must be the configured " + key + " (" + configured + ")");
            }
        });
        var filters = new ArrayList<Map.Entry<String, String>>();
        for (String f : Json.strings(body, "filters").orElse(List.of())) {
            int eq = f.indexOf('=');
            if (eq < 1) {
                throw ApiException.badRequest("invalid_field", "filter '" + f + "' is not key=value (e.g. site=fra1, tag=backup)");
            }
            filters.add(new AbstractMap.SimpleEntry<>(f.substring(0, eq).trim(), f.substring(eq + 1).trim()));
        }
        boolean dryRun = Json.bool(body, "dryRun").orElse(false);
        String credentials = Json.string(body, "credentials").orElse(config.get(Configuration.INVENTORY_CREDENTIALS, "default"));
        int timeout = config.getInt(Configuration.INVENTORY_TIMEOUT, 30, 1, 300);
        ChangeSet changes;
        try (SourceApi api = new SourceApi(kind.label(), URI.create(configured), tokens.get().token(kind), Duration.ofSeconds(timeout))) {
            changes = run(config, platforms -> new DcimSource(kind, api, filters, platforms), credentials, dryRun);
        } catch (InventorySourceException e) {
            throw new ApiException(502, "source_failed", e.getMessage() + "; the inventory was not changed");
        }
        return respond(changes);
    }

    private ApiResponse importFile(Call call) {
        ApiRequest r = call.request();
        String format = r.query("format").orElseThrow(() -> ApiException.badRequest("missing_parameter",
                "query parameter 'format' is required: csv or oxidized")).toLowerCase(Locale.ROOT);
        boolean dryRun = bool(r, "dryRun");
        Configuration config = configuration.get();
        String credentials = r.query("credentials").orElse(config.get(Configuration.INVENTORY_CREDENTIALS, "default"));
        String text = r.bodyText();
        ChangeSet changes;
        try {
            changes = switch (format) {
                case "csv" -> run(config, platforms -> new CsvSource("body", text, platforms), credentials, dryRun);
                case "oxidized" -> {
                    var map = RouterDbSource.parseMap(r.query("map").orElse(null));
                    String separator = r.query("separator").orElse(null);
                    yield run(config, platforms -> new RouterDbSource("body", text, separator, map, platforms), credentials, dryRun);
                }
                default -> throw ApiException.badRequest("invalid_parameter", "format '" + format + "' is not supported; use csv or oxidized");
            };
        } catch (InventorySourceException e) {
            throw ApiException.badRequest("invalid_document", e.getMessage());
        }
        return respond(changes);
    }

    private ChangeSet run(Configuration config, Function<PlatformMap, InventorySource> source, String credentials, boolean dryRun) {
        PlatformMap platforms = PlatformMap.of(config, new HashSet<>(Profiles.builtin().names()));
        return new InventorySync(inventory).run(source.apply(platforms), credentials, dryRun);
    }

    private static ApiResponse respond(ChangeSet changes) {
        var response = ApiResponse.json(200, changes.report());
        return changes.applied() ? response.audited("inventory", Map.of("source", changes.source(), "summary", changes.summary()))
                : response.audited("inventory", Map.of("source", changes.source(), "dryRun", "true"));
    }

    private static boolean bool(ApiRequest r, String name) {
        String v = r.query(name).orElse("false").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest("invalid_parameter", name + " '" + v + "' must be true or false");
        };
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
