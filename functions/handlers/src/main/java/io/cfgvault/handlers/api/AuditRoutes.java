package io.cfgvault.handlers.api;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The audit trail, newest first: {@code GET /audit?since=<ISO instant>&actor=<principal>&limit=}. */
final class AuditRoutes {
    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void register(Router router) {
        router.add("GET", "/audit", Set.of("since", "actor", "limit", "cursor"), Body.NONE, this::list);
    }

    private ApiResponse list(Call call) {
        Optional<Instant> since = call.request().query("since").map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("invalid_parameter", "since '" + s
                        + "' is not an ISO-8601 instant; use for example 2026-11-23T13:00:00Z");
            }
        });
        Optional<String> actor = call.request().query("actor");
        int limit = call.request().limit("limit", 100, 1000);
        int cursor = Page.cursor(call.request());
        var body = new java.util.LinkedHashMap<String, Object>();
        Page.of(audit.list(since, actor, cursor + limit + 1), cursor, limit).into(body, "entries");
        return ApiResponse.json(200, body);
    }
}
