package io.cfgvault.handlers.api;

import java.util.LinkedHashMap;

/**
 * Failures the caller only sees as a request id: one JSON line on stderr in Lambda (CloudWatch), one readable
 * line locally. Never request bodies, which can hold configurations.
 */
final class ApiLog {
    private static final boolean LAMBDA = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;

    private ApiLog() {}

    static void failure(ApiRequest request, String action, Throwable e) {
        var frames = new StringBuilder();
        StackTraceElement[] trace = e.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            frames.append(i == 0 ? "" : " < ").append(trace[i]);
        }
        if (LAMBDA) {
            var line = new LinkedHashMap<String, Object>();
            line.put("level", "ERROR");
            line.put("requestId", request.requestId());
            line.put("action", action);
            line.put("caller", request.caller());
            line.put("exception", e.getClass().getName());
            line.put("message", String.valueOf(e.getMessage()));
            line.put("at", frames.toString());
            System.err.println(new String(Json.write(line), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            System.err.println("cfgvault api: " + action + " failed (request " + request.requestId() + ", caller "
                    + request.caller() + "): " + e);
            System.err.println("  at " + frames);
        }
    }
}
