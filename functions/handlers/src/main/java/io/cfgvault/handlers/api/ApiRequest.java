package io.cfgvault.handlers.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as the API sees it, free of API Gateway types: method, path (without stage), query
 * parameters with all their values, headers (names lower-cased), the decoded body, the caller and a request id.
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                         byte[] body, Caller caller, String requestId) {

    /** A request from an in-process caller (tests, local tools), trusted as the local user is. */
    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                      byte[] body, String caller, String requestId) {
        this(method, path, query, headers, body, Caller.local(caller), requestId);
    }

    public ApiRequest {
        method = method == null ? "" : method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? Map.of() : Map.copyOf(query);
        var lower = new TreeMap<String, String>();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    lower.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
        caller = caller == null ? Caller.anonymous() : caller;
        requestId = requestId == null ? "" : requestId;
    }

    /** The caller's name, as the audit log records it. */
    public String user() {
        return caller.name();
    }

    public boolean mutating() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A query parameter given at most once; a repeated one is refused rather than guessed at. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("invalid_parameter", "query parameter '" + name + "' is given "
                    + values.size() + " times; give it once");
        }
        return Optional.of(values.get(0));
    }

    /** A positive integer query parameter, defaulted and capped. */
    public int limit(String name, int defaultValue, int max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.get().trim());
            if (v < 1 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", "query parameter '" + name + "' is '" + raw.get()
                    + "'; expected a whole number from 1 to " + max);
        }
    }
}
