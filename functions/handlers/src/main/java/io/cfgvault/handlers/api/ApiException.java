package io.cfgvault.handlers.api;

import java.util.Map;

/**
 * A request the API refuses, with the HTTP status, a stable error code and a message that names what was wrong
 * (device, version, field, line) and what to do. Thrown before anything is changed.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> extra, Map<String, String> headers) {
        super(message, null, false, false); // no stack trace: this is an answer, not a bug
        this.status = status;
        this.code = code;
        this.extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra)); // keeps field order
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Fields added to the error body beside {@code error} and {@code message}, e.g. {@code line} and {@code field}. */
    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
