package io.cfgvault.handlers;

import io.cfgvault.Services;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide services for the Lambda entry points, built once at class init. With SnapStart the snapshot is
 * taken after {@link #beforeCheckpoint}, which primes the SDK clients (class loading, endpoint resolution,
 * marshalling) with two cheap reads, so that restored functions answer their first request warm. Priming
 * opens no SSH session and creates no random state that restored copies would share.
 */
final class LambdaServices implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaServices.class);
    private static final Services SERVICES = Services.builder(io.cfgvault.settings.Settings.fromEnvironment())
            .secretsManagerDevices().build();
    private static final LambdaServices PRIMER = new LambdaServices();

    static {
        Core.getGlobalContext().register(PRIMER);
    }

    private LambdaServices() {}

    static Services services() {
        return SERVICES;
    }

    /** Brings the deployment's EventBridge schedules in line with the tables (nothing to do without a schedule group). */
    static Runnable reconcile() {
        return () -> RECONCILER.ifPresent(r -> r.reconcile().forEach(c -> LOG.info("schedule {} {}", c.action(), c.name())));
    }

    private static final java.util.Optional<io.cfgvault.schedules.ScheduleReconciler> RECONCILER = SERVICES.scheduleReconciler();

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            SERVICES.configuration();
            SERVICES.store().head("metadata/.prime");
        } catch (RuntimeException e) {
            // Priming is an optimisation; a failure here must not block publishing the version.
            LOG.warn("SnapStart priming skipped: {}", e.getMessage());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: clients hold no per-process random state and credentials are re-read by the SDK
    }
}
