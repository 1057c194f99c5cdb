package io.cfgvault.handlers.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API answers: status, media type, body bytes and extra headers, plus what the audit entry of a
 * mutating call should say about its target.
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers, AuditNote audit) {
    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";
    public static final String TEXT = "text/plain; charset=utf-8";

    /** What the audit entry of a mutating call says: its target (null: the request path) and details. */
    public record AuditNote(String target, Map<String, String> details) {
        public AuditNote {
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }

    public ApiResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value), Map.of(), null);
    }

    public static ApiResponse text(String text) {
        return new ApiResponse(200, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    public static ApiResponse yaml(byte[] document) {
        return new ApiResponse(200, YAML, document, Map.of(), null);
    }

    public static ApiResponse error(ApiException e) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.putAll(e.extra());
        return new ApiResponse(e.status(), JSON, Json.write(body), e.headers(), new AuditNote(null, Map.of("error", e.code())));
    }

    public ApiResponse withHeader(String name, String value) {
        var h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, h, audit);
    }

    public ApiResponse audited(String target, Map<String, String> details) {
        return new ApiResponse(status, contentType, body, headers, new AuditNote(target, details));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
