package io.cfgvault.handlers.api;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.sharing.ConfigExport;
import io.cfgvault.sharing.ExportJobs;
import io.cfgvault.sharing.ExportService;
import io.cfgvault.sharing.LinkSigner;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Sharing configs without AWS access: {@code GET /devices/{name}/backups/{version}/link?expires=} answers a presigned
 * download link (default one hour, at most seven days), and {@code POST /exports} writes a zip of a selection under
 * {@code exports/} and answers a link to it: at once (201) up to {@link #MAX_EXPORT_DEVICES} devices, as a queued job
 * (202) beyond, which {@code GET /exports/{id}} follows to its link. Every link is audited, since anyone holding it
 * can read the configs until it expires.
 */
final class SharingRoutes {
    /** An export this size runs inside one API call (29 s in API Gateway); larger ones are queued as a job. */
    static final int MAX_EXPORT_DEVICES = 2000;
    private static final Set<String> EXPORT_FIELDS = Set.of("devices", "model", "group", "asOf", "expires");

    private final ObjectStore store;
    private final LinkSigner signer;
    private final Supplier<ExportService> exports;
    private final AuditLog audit;
    private final Supplier<S3Layout> layout;
    private final Supplier<ExportJobs> jobs;
    private final int maxInCall;

    SharingRoutes(ObjectStore store, LinkSigner signer, Supplier<ExportService> exports, AuditLog audit, Supplier<S3Layout> layout,
                  Supplier<ExportJobs> jobs) {
        this(store, signer, exports, audit, layout, jobs, MAX_EXPORT_DEVICES);
    }

    /** {@code maxInCall}: the largest export written during the call; tests lower it to reach the queued path. */
    SharingRoutes(ObjectStore store, LinkSigner signer, Supplier<ExportService> exports, AuditLog audit, Supplier<S3Layout> layout,
                  Supplier<ExportJobs> jobs, int maxInCall) {
        this.jobs = jobs;
        this.maxInCall = maxInCall;
        this.store = store;
        this.exports = exports;
        this.signer = signer;
        this.audit = audit;
        this.layout = layout;
    }

    void register(Router router) {
        router.add("GET", "/devices/{name}/backups/{version}/link", Set.of("expires"), Body.NONE, this::link)
                .add("POST", "/exports", Set.of(), Body.JSON, this::export)
                .add("GET", "/exports/{id}", Set.of(), Body.NONE, this::exportStatus);
    }

    private ApiResponse export(Call call) {
        ObjectNode body = Json.object(call.request(), EXPORT_FIELDS);
        List<String> names = Json.strings(body, "devices").map(List::copyOf).orElse(List.of());
        Optional<Instant> asOf = Json.string(body, "asOf").map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("invalid_field", "field 'asOf' is '" + s
                        + "', not an ISO-8601 instant; use for example 2026-11-20T00:00:00Z");
            }
        });
        Duration expiry;
        try {
            var expires = body.get("expires");
            expiry = LinkSigner.expiry(expires == null || expires.isNull() ? null : expires.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "field " + e.getMessage());
        }
        var selection = new ConfigExport.Selection(names, Json.string(body, "model"), Json.string(body, "group"), asOf);
        ExportService service = exports.get();
        int count;
        try {
            count = service.count(selection);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no_matching_devices", e.getMessage() + "; nothing was exported");
        }
        if (count > maxInCall) {
            ExportJobs queued = jobs.get();
            if (!queued.available()) {
                throw ApiException.badRequest("too_many_devices", "the selection holds " + count + " devices; without a device queue "
                        + "POST /exports takes at most " + maxInCall + ". Narrow it (model, group, devices), or run 'scripts/cfgvault export'");
            }
            String id = queued.start(layout.get(), selection, expiry, count, call.request().user());
            var out = new LinkedHashMap<String, Object>();
            out.put("exportId", id);
            out.put("jobId", id);
            out.put("status", "queued");
            out.put("progress", Map.of("done", 0, "total", count));
            out.put("location", "/exports/" + id);
            return ApiResponse.json(202, out).audited("export/" + id, Map.of("devices", Integer.toString(count), "queued", "true"));
        }
        var done = service.create(layout.get(), selection, expiry);
        var out = new LinkedHashMap<String, Object>();
        out.put("exportId", done.exportId());
        out.put("key", done.key());
        out.put("devices", done.result().devices());
        out.put("bytes", done.result().bytes());
        out.put("missing", done.result().missing());
        out.put("url", done.url().toString());
        out.put("expiresAt", done.expiresAt().toString());
        return ApiResponse.json(201, out).audited("export/" + done.exportId(), Map.of(
                "devices", Integer.toString(done.result().devices()), "linkExpiresAt", done.expiresAt().toString()));
    }

    private ApiResponse exportStatus(Call call) {
        String id = call.param("id");
        var status = jobs.get().status(layout.get(), id)
                .orElseThrow(() -> ApiException.notFound("no_export", "no queued export '" + id + "'; POST /exports answers its id"));
        if (status.get("url") == null) {
            return ApiResponse.json(200, status);
        }
        // The answer carries a fresh link: audited like every link.
        audit.record(call.request().user(), "share-link", "export/" + id, "ok", Map.of("expiresAt", String.valueOf(status.get("expiresAt")),
                "key", String.valueOf(status.get("key"))));
        return ApiResponse.json(200, status);
    }

    private ApiResponse link(Call call) {
        String name = call.param("name");
        String version = call.param("version");
        Duration expiry;
        try {
            expiry = LinkSigner.expiry(call.request().query("expires").orElse(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", e.getMessage());
        }
        if (!version.equals(BackupHistory.LATEST) && !BackupHistory.isVersion(version)) {
            throw ApiException.badRequest("invalid_parameter", "version '" + version
                    + "' is not a version; use 'latest' or a stamp like 20261123T130000Z from GET /devices/" + name + "/backups");
        }
        String key = new BackupHistory(store, layout.get()).key(name, version);
        if (store.head(key).isEmpty()) {
            throw ApiException.notFound("no_backup", "device '" + name + "' has no stored backup '" + version + "'");
        }
        var url = signer.link(key, expiry);
        Instant expires = Instant.now().plus(expiry);
        audit.record(call.request().user(), "share-link", "device/" + name + "/" + version, "ok",
                Map.of("expiresAt", expires.toString(), "key", key));
        var body = new LinkedHashMap<String, Object>();
        body.put("device", name);
        body.put("version", version);
        body.put("url", url.toString());
        body.put("expiresAt", expires.toString());
        return ApiResponse.json(200, body);
    }
}
