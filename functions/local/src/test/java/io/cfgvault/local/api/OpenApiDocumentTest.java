package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.api.Access;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.Router;
import io.cfgvault.local.SharedAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code GET /openapi.json}, handlers resource {@code openapi.json}) against the code, both
 * ways: every Router route (method + template) is an operation and every operation a route; each operation's path
 * and query parameters, request body media types and access are the route's. Error codes are checked for the
 * whole API, not per route (a route reaches codes through shared helpers, so a per-route list would be guessed):
 * the codes the handlers throw ({@code new ApiException(status, "code"}, {@code badRequest}, {@code notFound}),
 * the gateway's own ({@code errorShape} in infra Api.java) and the local bridge's are exactly the document's
 * {@code Error.error} enum, and each handler code has the statuses it is thrown with.
 */
class OpenApiDocumentTest {
    static Services services;
    static ApiHandler handler;
    static JsonNode doc;
    static List<Router.Route> routes;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("openapi");
        handler = new ApiHandler(services);
        var e = event("get-me.json");
        e.setResource("/openapi.json");
        e.setPath("/openapi.json");
        e.getRequestContext().setIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.9"));
        var response = handler.handleRequest(e, null);
        assertEquals(200, response.getStatusCode(), "served without any identity: " + response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        doc = json(response);
        routes = Api.create(services).router().routes();
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void documentIsOpenApi3() {
        assertTrue(doc.get("openapi").asText().startsWith("3."), doc.get("openapi").toString());
        assertEquals("cfgvault API", doc.at("/info/title").asText());
    }

    @Test
    void everyRouteIsAnOperationAndEveryOperationARoute() {
        var code = new TreeSet<String>();
        routes.forEach(r -> code.add(r.method() + " " + r.template()));
        var documented = new TreeSet<String>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
        assertEquals(code, documented, "routes (left) vs operations in openapi.json (right)");
    }

    @Test
    void eachOperationHasExactlyItsRoutesParameters() {
        var problems = new ArrayList<String>();
        for (Router.Route route : routes) {
            JsonNode op = operation(route);
            var query = new TreeSet<String>();
            var path = new TreeSet<String>();
            op.path("parameters").forEach(p -> (p.get("in").asText().equals("query") ? query : path).add(p.get("name").asText()));
            var templateParams = new TreeSet<String>();
            for (String s : route.template().split("/")) {
                if (s.startsWith("{")) {
                    templateParams.add(s.substring(1, s.length() - 1));
                }
            }
            if (!query.equals(new TreeSet<>(route.query()))) {
                problems.add(route.action() + ": query in code " + new TreeSet<>(route.query()) + ", in document " + query);
            }
            if (!path.equals(templateParams)) {
                problems.add(route.action() + ": path parameters in code " + templateParams + ", in document " + path);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eachOperationTakesTheBodyItsRouteAccepts() {
        var problems = new ArrayList<String>();
        for (Router.Route route : routes) {
            JsonNode body = operation(route).path("requestBody");
            var types = new TreeSet<String>();
            body.path("content").fieldNames().forEachRemaining(types::add);
            boolean required = body.path("required").asBoolean(false);
            var expected = switch (route.body()) {
                case NONE -> new TreeSet<String>();
                default -> new TreeSet<>(route.body().mediaTypes());
            };
            boolean expectedRequired = route.body() == Router.Body.YAML || route.body() == Router.Body.TEXT;
            if (!types.equals(expected) || required != expectedRequired) {
                problems.add(route.action() + ": body " + route.body() + " takes " + expected + (expectedRequired ? " (required)" : "")
                        + ", document says " + types + (required ? " (required)" : ""));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void eachOperationSaysWhoMayCallItAsTheApiEnforces() {
        var problems = new ArrayList<String>();
        for (Router.Route route : routes) {
            JsonNode op = operation(route);
            String expected = switch (route.access()) {
                case PUBLIC -> "public";
                case SIGNED_IN -> "signed-in";
                case READ -> "read";
                case OPERATE -> "operate";
            };
            if (!expected.equals(op.path("x-cfgvault-access").asText())) {
                problems.add(route.action() + ": access " + expected + ", document " + op.path("x-cfgvault-access"));
            }
            boolean open = op.has("security") && op.get("security").isEmpty();
            if (open != (route.access() == Access.PUBLIC)) {
                problems.add(route.action() + ": security " + op.path("security") + " for access " + expected);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void errorCodesAreExactlyThoseTheCodeAndGatewayAnswerWith() throws Exception {
        Path root = root();
        var thrown = new TreeMap<String, TreeSet<Integer>>();
        var javaFiles = new ArrayList<Path>();
        try (Stream<Path> files = Files.walk(root.resolve("functions/handlers/src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(javaFiles::add);
        }
        var explicit = Pattern.compile("new ApiException\\(\\s*(\\d{3}),\\s*\"([a-z_]+)\"");
        var factory = Pattern.compile("ApiException\\.(badRequest|notFound)\\(\\s*\"([a-z_]+)\"");
        for (Path file : javaFiles) {
            String text = Files.readString(file);
            var m = explicit.matcher(text);
            while (m.find()) {
                thrown.computeIfAbsent(m.group(2), c -> new TreeSet<>()).add(Integer.parseInt(m.group(1)));
            }
            m = factory.matcher(text);
            while (m.find()) {
                thrown.computeIfAbsent(m.group(2), c -> new TreeSet<>()).add(m.group(1).equals("badRequest") ? 400 : 404);
            }
        }
        assertTrue(thrown.size() > 30, "the scan found the handlers' codes: " + thrown.keySet());
        var elsewhere = new TreeSet<String>();
        var gateway = Pattern.compile("errorShape\\(ResponseType\\.\\w+, \"([a-z_]+)\"\\)").matcher(
                Files.readString(root.resolve("infra/src/main/java/io/cfgvault/infra/Api.java")));
        while (gateway.find()) {
            elsewhere.add(gateway.group(1));
        }
        var bridge = Pattern.compile("\\\\\"error\\\\\":\\\\\"([a-z_]+)\\\\\"").matcher(
                Files.readString(root.resolve("functions/local/src/main/java/io/cfgvault/local/serve/ApiBridge.java")));
        while (bridge.find()) {
            elsewhere.add(bridge.group(1));
        }
        assertTrue(elsewhere.containsAll(List.of("request_rejected", "handler_failed")), elsewhere.toString());

        var documented = new TreeSet<String>();
        doc.at("/components/schemas/Error/properties/error/enum").forEach(c -> documented.add(c.asText()));
        var inCode = new TreeSet<>(thrown.keySet());
        inCode.addAll(elsewhere);
        assertEquals(inCode, documented, "error codes in the code (left) vs the document's Error.error enum (right)");

        var statuses = doc.at("/components/schemas/Error/x-cfgvault-error-statuses");
        var wrong = new ArrayList<String>();
        thrown.forEach((code, sts) -> {
            var doc = new TreeSet<Integer>();
            statuses.path(code).forEach(s -> doc.add(s.asInt()));
            if (!doc.equals(sts)) {
                wrong.add(code + ": thrown with " + sts + ", documented " + doc);
            }
        });
        assertEquals(List.of(), wrong);
    }

    /** The console reads /me by these names; the document's Me schema and the answer must not drift apart. */
    @Test
    void meAnswersWithExactlyTheDocumentedFields() {
        var answer = new TreeSet<String>();
        json(handler.handleRequest(event("get-me-cognito-viewer.json"), null)).fieldNames().forEachRemaining(answer::add);
        var documented = new TreeSet<String>();
        doc.at("/components/schemas/Me/properties").fieldNames().forEachRemaining(documented::add);
        assertEquals(documented, answer);
        assertEquals("#/components/schemas/Me",
                doc.at("/paths/~1me/get/responses/200/content/application~1json/schema/$ref").asText());
    }

    private static JsonNode operation(Router.Route route) {
        JsonNode op = doc.path("paths").path(route.template()).path(route.method().toLowerCase());
        assertTrue(op.isObject(), route.action() + " is not in openapi.json");
        return op;
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/cfgvault"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "repository root not found from " + Path.of("").toAbsolutePath());
        return p;
    }

}
