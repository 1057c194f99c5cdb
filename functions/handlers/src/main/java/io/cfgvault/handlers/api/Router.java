package io.cfgvault.handlers.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method + path template ({@code /devices/{name}/backups/{version}}) to a route, with the query parameters and
 * the body media type it accepts. Unknown paths get 404, known paths with another method 405 (with Allow),
 * unknown query parameters 400 and a body of the wrong media type 415, before the route runs.
 */
public final class Router {

    /** What a route accepts as a body. */
    public enum Body {
        /** No body, or an empty JSON object. */
        NONE(Set.of("application/json")),
        /** An optional JSON object. */
        JSON(Set.of("application/json")),
        /** A required YAML document. */
        YAML(Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")),
        /** A required text file (CSV, Oxidized router.db). */
        TEXT(Set.of("text/csv", "text/plain"));

        private final Set<String> mediaTypes;

        Body(Set<String> mediaTypes) {
            this.mediaTypes = mediaTypes;
        }

        /** The Content-Types accepted for a body of this kind. */
        public Set<String> mediaTypes() {
            return mediaTypes;
        }
    }

    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(Call call);
    }

    /** A matched request: the request and the values of the template's path parameters. */
    public record Call(ApiRequest request, Route route, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** One route; {@code access} says who may call it (see {@link Access#of(String)} for the default). */
    public record Route(String method, String template, Set<String> query, Body body, Access access, Handler handler) {
        /** {@code PUT /configuration}: the audit action and the log name of the route. */
        public String action() {
            return method + " " + template;
        }
    }

    private final List<Route> routes = new ArrayList<>();

    /** A route with the default access for its method: GET reads, anything else needs an operator. */
    public Router add(String method, String template, Set<String> query, Body body, Handler handler) {
        return add(method, template, query, body, Access.of(method), handler);
    }

    public Router add(String method, String template, Set<String> query, Body body, Access access, Handler handler) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), template, Set.copyOf(query), body, access, handler));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Finds the route or throws the 404/405 that says why there is none. */
    public Call match(ApiRequest request) {
        List<String> segments = segments(request.path());
        var allowed = new TreeSet<String>();
        for (Route route : routes) {
            Map<String, String> params = bind(segments(route.template()), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return new Call(request, route, params);
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            String allow = String.join(", ", allowed);
            throw new ApiException(405, "method_not_allowed", request.method() + " is not supported on "
                    + request.path() + "; use " + allow, Map.of(), Map.of("Allow", allow));
        }
        throw ApiException.notFound("no_such_route", "no API route " + request.method() + " " + request.path()
                + "; routes are /backups, /jobs, /restores, /devices, /configuration, /scheduler, /inventory, /metadata, /audit, /schedules, /me and /openapi.json");
    }

    /**
     * Runs the matched route after checking that the caller may use it (401/403 before anything else is looked
     * at), its query parameters and the body's media type.
     */
    public ApiResponse dispatch(Call call) {
        ApiRequest request = call.request();
        if (!request.caller().may(call.route().access())) {
            throw request.caller().refusal(call.route().action(), call.route().access());
        }
        var unknown = new TreeSet<>(request.query().keySet());
        unknown.removeAll(call.route().query());
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown_parameter", "unknown query parameter"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown.stream().map(q -> "'" + q + "'").toList())
                    + " for " + call.route().action()
                    + (call.route().query().isEmpty() ? "; it takes none" : "; allowed: " + String.join(", ", new TreeSet<>(call.route().query()))));
        }
        checkBody(call.route(), request);
        return call.route().handler().handle(call);
    }

    private static void checkBody(Route route, ApiRequest request) {
        if (!request.hasBody()) {
            if (route.body() == Body.YAML) {
                throw ApiException.badRequest("missing_body", route.action() + " needs a YAML table document as its body"
                        + " (as returned by GET " + route.template() + ")");
            }
            if (route.body() == Body.TEXT) {
                throw ApiException.badRequest("missing_body", route.action() + " needs the file as its body (text/csv or text/plain)");
            }
            return;
        }
        String raw = request.header("content-type").orElse("");
        String[] parts = raw.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!route.body().mediaTypes.contains(type)) {
            throw new ApiException(415, "unsupported_media_type", route.action() + " takes "
                    + String.join(" or ", new TreeSet<>(route.body().mediaTypes)) + " bodies, but Content-Type is "
                    + (raw.isBlank() ? "missing" : "'" + raw.trim() + "'"), Map.of(), Map.of());
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String charset = kv[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new ApiException(415, "unsupported_media_type", "charset '" + charset
                            + "' is not supported; send the body as UTF-8");
                }
            }
        }
    }

    private static List<String> segments(String path) {
        var out = new ArrayList<String>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<String, String> bind(List<String> template, List<String> actual) {
        if (template.size() != actual.size()) {
            return null;
        }
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), actual.get(i));
            } else if (!t.equals(actual.get(i))) {
                return null;
            }
        }
        return params;
    }
}
