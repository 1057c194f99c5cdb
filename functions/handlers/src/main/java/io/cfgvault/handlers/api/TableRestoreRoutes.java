package io.cfgvault.handlers.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.restore.TableRestore;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImportException;
import io.cfgvault.tables.TableImporter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /<table>/restore} with {@code {"version", "mode", "dryRun"}}: the table back to one of its archive
 * copies, answered with the items that change. A bad archive copy is refused whole.
 */
final class TableRestoreRoutes {
    private static final Set<String> FIELDS = Set.of("version", "mode", "dryRun");

    private final Supplier<TableRestore> restore;
    private final Supplier<S3Layout> layout;
    /** Brings the deployment's schedules in line after a write, as PUT does; answers what changed. */
    private final Supplier<java.util.List<String>> reconcile;

    TableRestoreRoutes(Supplier<TableRestore> restore, Supplier<S3Layout> layout, Supplier<java.util.List<String>> reconcile) {
        this.restore = restore;
        this.layout = layout;
        this.reconcile = reconcile;
    }

    void register(Router router) {
        // one literal path per table, as the gateway declares them
        router.add("POST", "/configuration/restore", Set.of(), Body.JSON, call -> restore(AppTable.CONFIGURATION, call))
                .add("POST", "/scheduler/restore", Set.of(), Body.JSON, call -> restore(AppTable.SCHEDULER, call))
                .add("POST", "/inventory/restore", Set.of(), Body.JSON, call -> restore(AppTable.INVENTORY, call));
    }

    private ApiResponse restore(AppTable table, Call call) {
        ObjectNode body = Json.object(call.request(), FIELDS);
        String version = Json.string(body, "version").orElseThrow(() -> ApiException.badRequest("missing_field",
                "field 'version' is required: an archive version of " + table.logicalName() + " such as 20261123T130000Z"));
        String rawMode = Json.string(body, "mode").orElse("merge");
        TableImporter.Mode mode = switch (rawMode.toLowerCase(Locale.ROOT)) {
            case "merge" -> TableImporter.Mode.MERGE;
            case "replace" -> TableImporter.Mode.REPLACE;
            default -> throw ApiException.badRequest("invalid_field", "field 'mode' is '" + rawMode
                    + "'; use merge (upsert the archived items) or replace (also delete items the archive copy lacks)");
        };
        boolean dryRun = Json.bool(body, "dryRun").orElse(false);
        TableRestore.Plan plan;
        try {
            plan = restore.get().restore(table, layout.get(), version, mode, dryRun);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("unknown_version", e.getMessage() + "; nothing was written");
        } catch (TableImportException e) {
            throw new ApiException(400, "invalid_document", "the archive copy of " + table.logicalName() + " was not restored: "
                    + e.getMessage(), Map.of("line", e.line(), "field", e.field()), Map.of());
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("table", plan.table());
        out.put("version", plan.version());
        out.put("mode", mode.name().toLowerCase(Locale.ROOT));
        out.put("dryRun", dryRun);
        out.put("added", plan.added());
        out.put("changed", plan.changed());
        out.put("deleted", plan.deleted());
        if (!dryRun && table != AppTable.INVENTORY) {
            try {
                out.put("schedules", reconcile.get());
            } catch (RuntimeException e) {
                // the restore stands; the next scheduled run reconciles again
                ApiLog.failure(call.request(), "reconcile schedules", e);
                out.put("schedulesError", "the table was restored, but updating the EventBridge schedules failed (request id "
                        + call.request().requestId() + "); the next scheduled run retries");
            }
        }
        ApiResponse response = ApiResponse.json(200, out);
        return dryRun ? response : response.audited(table.logicalName(), Map.of("action", "restore", "version", version,
                "mode", mode.name().toLowerCase(Locale.ROOT), "added", Integer.toString(plan.added().size()),
                "changed", Integer.toString(plan.changed().size()), "deleted", Integer.toString(plan.deleted().size())));
    }
}
