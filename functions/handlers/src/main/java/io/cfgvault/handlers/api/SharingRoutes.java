package io.cfgvault.handlers.api;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.sharing.LinkSigner;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Sharing one stored config without AWS access: {@code GET /devices/{name}/backups/{version}/link?expires=} answers
 * a presigned download link (default one hour, at most seven days). Every link is audited, since anyone holding it
 * can read the config until it expires.
 */
final class SharingRoutes {
    private static final Pattern VERSION = Pattern.compile("\\d{8}T\\d{6}Z");
    private final ObjectStore store;
    private final LinkSigner signer;
    private final AuditLog audit;
    private final Supplier<S3Layout> layout;

    SharingRoutes(ObjectStore store, LinkSigner signer, AuditLog audit, Supplier<S3Layout> layout) {
        this.store = store;
        this.signer = signer;
        this.audit = audit;
        this.layout = layout;
    }

    void register(Router router) {
        router.add("GET", "/devices/{name}/backups/{version}/link", Set.of("expires"), Body.NONE, this::link);
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
        S3Layout l = layout.get();
        String key;
        if (version.equals("latest")) {
            key = l.latestDevice(name);
        } else if (VERSION.matcher(version).matches()) {
            key = l.archiveDevice(name, S3Layout.parseVersion(version));
        } else {
            throw ApiException.badRequest("invalid_parameter", "version '" + version
                    + "' is not a version; use 'latest' or a stamp like 20261123T130000Z from GET /devices/" + name + "/backups");
        }
        if (store.head(key).isEmpty()) {
            throw ApiException.notFound("no_backup", "device '" + name + "' has no stored backup '" + version + "'");
        }
        var url = signer.link(key, expiry);
        Instant expires = Instant.now().plus(expiry);
        audit.record(call.request().caller(), "share-link", "device/" + name + "/" + version, "ok",
                Map.of("expiresAt", expires.toString(), "key", key));
        var body = new LinkedHashMap<String, Object>();
        body.put("device", name);
        body.put("version", version);
        body.put("url", url.toString());
        body.put("expiresAt", expires.toString());
        return ApiResponse.json(200, body);
    }
}
