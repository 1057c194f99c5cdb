package io.cfgvault.handlers.api;

import io.cfgvault.Services;
import io.cfgvault.handlers.console.ConsoleFiles;
import io.cfgvault.store.S3Layout;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP API without API Gateway types: routes a request, turns refusals into {@code {"error", "message"}}
 * bodies with the right status, hides internal failures behind a request id, and records every mutating call
 * (accepted or refused) in the audit trail with the caller.
 */
public final class Api {
    /** Lambda's synchronous response cap is 6 MB for the whole envelope; bodies stay safely below it. */
    public static final int MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
    /** Larger request bodies are refused with 413 (Lambda's request cap is 6 MB). */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    /** Where audit entries go; {@link io.cfgvault.audit.AuditLog#record} in production. */
    @FunctionalInterface
    public interface AuditSink {
        void record(String actor, String action, String target, String result, Map<String, String> details);
    }

    private final Router router;
    private final AuditSink audit;
    private final ConsoleFiles console;

    public Api(Router router, AuditSink audit) {
        this(router, audit, ConsoleFiles.fromClasspath(System.getenv()));
    }

    public Api(Router router, AuditSink audit, ConsoleFiles console) {
        this.router = router;
        this.audit = audit;
        this.console = console;
    }

    /** Every route, wired to the services. */
    public static Api create(Services services) {
        return create(services, services.scheduleReconciler());
    }

    /** Every route; writes to the configuration and scheduler tables are followed by {@code reconciler}, if any. */
    public static Api create(Services services, java.util.Optional<io.cfgvault.schedules.ScheduleReconciler> reconciler) {
        Supplier<S3Layout> layout = services::layout;
        var router = new Router();
        new JobRoutes(services::backupJobs, services.jobStore(), Clock.systemUTC()).register(router);
        new DeviceRoutes(services.inventory(), services.store(), layout).register(router);
        new RestoreRoutes(services::restoreJobs, layout).register(router);
        java.util.function.Supplier<java.util.List<String>> reconcile = () -> reconciler
                .map(r -> r.reconcile().stream().map(c -> c.action() + " " + c.name()).toList())
                .orElse(java.util.List.of());
        new TableRoutes(services.tableExporter(), services.tableImporter(), reconcile).register(router);
        new TableRestoreRoutes(() -> new io.cfgvault.restore.TableRestore(services.store(), services.tableExporter(),
                services.tableImporter()), layout, reconcile).register(router);
        new InventoryRoutes(services.inventory(), services::configuration, services::sourceTokens).register(router);
        new MetadataRoutes(services.metadata(), layout).register(router);
        new AuditRoutes(services.auditLog()).register(router);
        new ScheduleRoutes(new io.cfgvault.schedules.TaskWindow(services.schedules(), () -> services.jobStore().list(500),
                () -> services.layout().partition().deployment()), Clock.systemUTC()).register(router);
        new SharingRoutes(services.store(), services.linkSigner(), services::exports, services.auditLog(), layout,
                services::exportJobs).register(router);
        new MeRoutes().register(router);
        new OpenApiRoutes().register(router);
        return new Api(router, services.auditLog()::record);
    }

    /** The same API serving the console configured for another sign-in (tests and tools). */
    public Api withConsole(ConsoleFiles console) {
        return new Api(router, audit, console);
    }

    public Router router() {
        return router;
    }

    public ApiResponse handle(ApiRequest request) {
        if (ConsoleFiles.isConsolePath(request.path())) {
            // The console's static files: not API routes (no route list, no OpenAPI entry), same origin as the API.
            return record(request, null, console.serve(request));
        }
        Router.Call call = null;
        ApiResponse response;
        try {
            call = router.match(request);
            response = router.dispatch(call);
            if (response.body().length > MAX_RESPONSE_BYTES) {
                throw new ApiException(500, "response_too_large", request.method() + " " + request.path() + " would return "
                        + response.body().length + " bytes, more than the API's limit of " + MAX_RESPONSE_BYTES
                        + "; read the object from the backup bucket instead, or narrow the request (limit, model, group)");
            }
        } catch (ApiException e) {
            response = ApiResponse.error(e);
        } catch (RuntimeException e) {
            ApiLog.failure(request, call == null ? request.method() + " " + request.path() : call.route().action(), e);
            response = ApiResponse.error(new ApiException(500, "internal_error", "cfgvault could not complete "
                    + request.method() + " " + request.path() + " (request id " + request.requestId()
                    + "); the cause is in the API function's log under that id"));
        }
        return record(request, call, response);
    }

    /** A request refused before routing (an oversized or undecodable body): answered and audited like any other. */
    public ApiResponse reject(ApiRequest request, ApiException e) {
        return record(request, null, ApiResponse.error(e));
    }

    private ApiResponse record(ApiRequest request, Router.Call call, ApiResponse response) {
        if (!request.mutating()) {
            return response;
        }
        String action = call != null ? call.route().action() : request.method() + " " + request.path();
        String target = response.audit() != null && response.audit().target() != null ? response.audit().target() : request.path();
        String result = response.status() < 400 ? "ok" : response.status() < 500 ? "rejected" : "failed";
        var details = new LinkedHashMap<String, String>();
        details.put("status", Integer.toString(response.status()));
        if (!request.requestId().isEmpty()) {
            details.put("requestId", request.requestId());
        }
        if (response.audit() != null) {
            details.putAll(response.audit().details());
        }
        try {
            audit.record(request.user(), action, target, result, details);
        } catch (RuntimeException e) {
            // The call's effect already happened; say so loudly, but still tell the caller what happened.
            ApiLog.failure(request, "audit " + action, e);
        }
        return response;
    }
}
