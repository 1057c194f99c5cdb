package io.cfgvault.handlers.api;

import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.PartialImportException;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableImportException;
import io.cfgvault.tables.TableImporter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The backed-up tables as documents: GET returns the import-ready YAML export, PUT imports such a document
 * (merge or replace) after validating all of it, so a bad document changes nothing.
 */
final class TableRoutes {
    private final TableExporter exporter;
    private final TableImporter importer;
    private final java.util.function.Supplier<java.util.List<String>> reconcile;

    /** {@code reconcile} brings the deployment's schedules in line after a configuration or scheduler write. */
    TableRoutes(TableExporter exporter, TableImporter importer, java.util.function.Supplier<java.util.List<String>> reconcile) {
        this.exporter = exporter;
        this.importer = importer;
        this.reconcile = reconcile;
    }

    void register(Router router) {
        for (AppTable table : AppTable.exported()) {
            String path = "/" + table.logicalName();
            router.add("GET", path, Set.of(), Body.NONE, call -> export(table))
                    .add("PUT", path, Set.of("mode", "force"), Body.YAML, call -> importDocument(table, call));
        }
    }

    private ApiResponse export(AppTable table) {
        return ApiResponse.yaml(exporter.documentBytes(table));
    }

    private ApiResponse importDocument(AppTable table, Call call) {
        String raw = call.request().query("mode").orElse("merge");
        TableImporter.Mode mode = switch (raw.toLowerCase(Locale.ROOT)) {
            case "merge" -> TableImporter.Mode.MERGE;
            case "replace" -> TableImporter.Mode.REPLACE;
            default -> throw ApiException.badRequest("invalid_parameter", "mode '" + raw
                    + "' is not supported; use mode=merge (upsert the document's items) or mode=replace (also delete items not in it)");
        };
        String rawForce = call.request().query("force").orElse("false");
        if (!rawForce.equals("true") && !rawForce.equals("false")) {
            throw ApiException.badRequest("invalid_parameter", "force '" + rawForce + "' is not true or false");
        }
        byte[] body = call.request().body();
        requireUtf8(body);
        TableImporter.Result result;
        try {
            result = importer.importDocument(table, TableImporter.source("body", body), mode, rawForce.equals("true"));
        } catch (PartialImportException e) {
            var extra = new LinkedHashMap<String, Object>();
            extra.put("written", e.written());
            extra.put("deleted", e.deleted());
            extra.put("writtenKeys", e.writtenKeys());
            throw new ApiException(503, "import_incomplete", e.getMessage(), extra, Map.of());
        } catch (TableImportException e) {
            var extra = new LinkedHashMap<String, Object>();
            extra.put("line", e.line());
            extra.put("field", e.field());
            throw new ApiException(400, "invalid_document", "the " + table.logicalName() + " document was not imported: "
                    + problem(e), extra, Map.of());
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("table", result.table());
        out.put("mode", mode.name().toLowerCase(Locale.ROOT));
        out.put("written", result.written());
        out.put("deleted", result.deleted());
        if (table == AppTable.CONFIGURATION || table == AppTable.SCHEDULER) {
            try {
                out.put("schedules", reconcile.get());
            } catch (RuntimeException e) {
                // The write stands; the next scheduled run reconciles again.
                ApiLog.failure(call.request(), "reconcile schedules", e);
                out.put("schedulesError", "the document was imported, but updating the EventBridge schedules failed (request id "
                        + call.request().requestId() + "); the next scheduled run retries");
            }
        }
        return ApiResponse.json(200, out).audited(table.logicalName(), Map.of(
                "mode", mode.name().toLowerCase(Locale.ROOT),
                "written", Long.toString(result.written()),
                "deleted", Long.toString(result.deleted())));
    }

    /** "line 3, field items[0].value: problem (nothing was imported)" from the importer's "source:line: field: problem". */
    private static String problem(TableImportException e) {
        String prefix = e.source() + ":" + e.line() + (e.field().isEmpty() ? "" : ": " + e.field()) + ": ";
        String message = e.getMessage();
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return (e.line() > 0 ? "line " + e.line() : "the document")
                + (e.field().isEmpty() ? "" : ", field " + e.field()) + ": " + problem;
    }

    private static void requireUtf8(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_encoding", "the body is not valid UTF-8 (" + e.getMessage()
                    + "); send the YAML document as UTF-8 text");
        }
    }
}
