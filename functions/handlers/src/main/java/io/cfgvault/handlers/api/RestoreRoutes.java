package io.cfgvault.handlers.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.inventory.RestoreLockedException;
import io.cfgvault.restore.RestoreJobs;
import io.cfgvault.store.S3Layout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Restore jobs: {@code POST /devices/{name}/restore} -> 202 with the job id, and {@code GET /restores}, newest first. */
final class RestoreRoutes {
    private static final Set<String> FIELDS = Set.of("version", "dryRun");
    private static final Pattern VERSION = Pattern.compile("latest|\\d{8}T\\d{6}Z");

    private final Supplier<RestoreJobs> restores;
    private final Supplier<S3Layout> layout;

    RestoreRoutes(Supplier<RestoreJobs> restores, Supplier<S3Layout> layout) {
        this.restores = restores;
        this.layout = layout;
    }

    void register(Router router) {
        router.add("POST", "/devices/{name}/restore", Set.of(), Body.JSON, this::start)
                .add("GET", "/restores", Set.of("limit"), Body.NONE, this::list);
    }

    private ApiResponse start(Call call) {
        String device = call.param("name");
        ObjectNode body = Json.object(call.request(), FIELDS);
        String version = Json.string(body, "version").orElse("latest");
        if (!VERSION.matcher(version).matches()) {
            throw ApiException.badRequest("invalid_field", "field 'version' must be 'latest' or an archive version such as"
                    + " 20261123T130000Z, not '" + version + "'; GET /devices/" + device + "/backups lists them");
        }
        boolean dryRun = Json.bool(body, "dryRun").orElse(false);
        String jobId;
        try {
            jobId = restores.get().start(device, version, dryRun, call.request().user(), layout.get());
        } catch (RestoreLockedException e) {
            var extra = new LinkedHashMap<String, Object>();
            if (e.job() != null) {
                extra.put("jobId", e.job());
            }
            extra.put("actor", e.actor());
            throw new ApiException(409, "restore_in_progress", e.getMessage()
                    + (e.job() != null ? "; GET /jobs/" + e.job() + " shows its progress" : ""), extra, Map.of());
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("unknown_device", e.getMessage() + "; nothing was started (GET /devices lists the known devices)");
        }
        return ApiResponse.json(202, Map.of("jobId", jobId))
                .withHeader("Location", "/jobs/" + jobId)
                .audited("device/" + device, Map.of("jobId", jobId, "version", version, "dryRun", Boolean.toString(dryRun)));
    }

    private ApiResponse list(Call call) {
        int limit = call.request().limit("limit", 50, 500);
        return ApiResponse.json(200, Map.of("restores", restores.get().list(limit)));
    }
}
