package io.cfgvault.handlers.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures the caller only sees as a request id, logged through the one cfgvault logger (a JSON line in Lambda,
 * a readable line locally) with the request id, action and caller as fields. Never request bodies, which can
 * hold configurations.
 */
final class ApiLog {
    private static final Logger LOG = LoggerFactory.getLogger(ApiLog.class);

    private ApiLog() {}

    static void failure(ApiRequest request, String action, Throwable e) {
        var frames = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            frames.append(i == 0 ? "" : " < ").append(trace[i]);
        }
        LOG.atError().addKeyValue("requestId", request.requestId()).addKeyValue("step", action)
                .addKeyValue("caller", request.user()).addKeyValue("exception", e.getClass().getName())
                .addKeyValue("error", String.valueOf(e.getMessage())).addKeyValue("at", frames.toString())
                .log("api {} failed", action);
    }
}
