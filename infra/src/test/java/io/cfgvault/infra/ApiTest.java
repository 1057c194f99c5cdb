package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** API Gateway: IAM authorization, validation, throttling, logging, named stage. */
class ApiTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = Synth.defaults().template();
    }

    @Test
    void everyMethodOfTheCliApiRequiresIamAuthorizationAndTheRequestValidator() {
        var methods = methodsOf(Synth.defaults().stack().api());
        assertEquals(Api.ROUTES.size() + Api.PUBLIC_ROUTES.size(), methods.size());
        for (Object method : methods) {
            String json = Json.text(method);
            boolean publicRoute = Api.PUBLIC_ROUTES.stream().anyMatch(r -> json.contains("\"" + r.path() + "\""))
                    || json.contains("\"AuthorizationType\":\"NONE\"");
            if (!publicRoute) {
                assertTrue(json.contains("\"AuthorizationType\":\"AWS_IAM\""), json);
                assertTrue(json.contains("\"RequestValidatorId\""), json);
            }
            assertTrue(json.contains("\"Type\":\"AWS_PROXY\""), json);
        }
        assertEquals(Api.PUBLIC_ROUTES.size(), methods.stream().filter(m -> Json.text(m).contains("\"AuthorizationType\":\"NONE\"")).count());
        template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                "RestApiId", Match.anyValue(), "Name", "parameters-and-body",
                "ValidateRequestParameters", true, "ValidateRequestBody", true));
    }

    /** The methods of one RestApi in the default stack's template. */
    static List<Object> methodsOf(Api api) {
        String id = Json.logicalId(api.restApi());
        return Synth.defaults().template().findResources("AWS::ApiGateway::Method").values().stream()
                .map(r -> (Object) r)
                .filter(r -> Json.text(r).contains("\"RestApiId\":{\"Ref\":\"" + id + "\"}"))
                .toList();
    }

    @Test
    void pathParametersAreRequiredAndQueryParametersDeclared() {
        template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "GET",
                "RequestParameters", Map.of("method.request.path.name", true, "method.request.path.version", true,
                        "method.request.querystring.format", false))));
        template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "HttpMethod", "PUT",
                "RequestParameters", Map.of("method.request.querystring.mode", false))));
    }

    @Test
    void stageIsNamedThrottledLoggedAsJsonAndTraced() {
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "v1",
                "TracingEnabled", true,
                "AccessLogSetting", Map.of("DestinationArn", Match.anyValue(),
                        "Format", Match.stringLikeRegexp("^\\{\"requestId\":\"\\$context.requestId\".*\"caller\".*\\}$")),
                "MethodSettings", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("HttpMethod", "*", "ResourcePath", "/*", "LoggingLevel", "ERROR",
                                "DataTraceEnabled", false, "ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40)),
                        Match.objectLike(Map.of("HttpMethod", "POST", "ResourcePath", "/~1backups",
                                "ThrottlingRateLimit", 1, "ThrottlingBurstLimit", 5)))))));
    }

    @Test
    void gatewayErrorsHaveTheApiErrorShape() {
        template.resourceCountIs("AWS::ApiGateway::GatewayResponse", 8); // four per RestApi
        template.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Match.objectLike(Map.of(
                "ResponseType", "BAD_REQUEST_PARAMETERS",
                "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp("^\\{\"error\":\"bad_request\",\"message\":.*")))));
    }

    /**
     * The gateway only forwards the routes it declares; a route the handler serves but the gateway lacks
     * would answer 403 "Missing Authentication Token". Reads the handler's route registrations.
     */
    @Test
    void gatewayRoutesAreExactlyTheHandlersRoutes() throws Exception {
        Path api = Artifacts.repositoryRoot(Path.of("").toAbsolutePath())
                .resolve("functions/handlers/src/main/java/io/cfgvault/handlers/api");
        Assumptions.assumeTrue(Files.isDirectory(api), "handler sources not present");
        var handler = new TreeSet<String>();
        Pattern add = Pattern.compile("add\\(\"(GET|PUT|POST|DELETE|PATCH)\", (\"(/[^\"]*)\"|path), Set\\.of\\(([^)]*)\\)");
        try (var files = Files.list(api)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Routes.java")).toList()) {
                Matcher m = add.matcher(Files.readString(file));
                while (m.find()) {
                    String query = m.group(4).replace("\"", "").replaceAll("\\s", "");
                    List<String> paths = m.group(3) != null ? List.of(m.group(3))
                            : List.of("/configuration", "/scheduler", "/inventory"); // TableRoutes: one per exported table
                    for (String path : paths) {
                        handler.add(m.group(1) + " " + path + " " + String.join(",", new TreeSet<>(List.of(query.split(",")))));
                    }
                }
            }
        }
        var gateway = new TreeSet<String>();
        for (Api.Route r : java.util.stream.Stream.concat(Api.ROUTES.stream(), Api.PUBLIC_ROUTES.stream()).toList()) {
            gateway.add(r.method() + " " + r.path() + " " + String.join(",", new TreeSet<>(List.of(r.query()))));
        }
        assertEquals(handler, gateway);
    }

    /**
     * The gateway validates requests against what it declares; the OpenAPI document (handlers resource, served at
     * /openapi.json) must declare the same operations and query parameters, so what the document promises is
     * what the gateway lets through.
     */
    @Test
    void gatewayDeclaresExactlyTheOpenApiDocumentsOperationsAndQueryParameters() throws Exception {
        Path file = Artifacts.repositoryRoot(Path.of("").toAbsolutePath())
                .resolve("functions/handlers/src/main/resources/openapi.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "handler resources not present");
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        var documented = new TreeSet<String>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            var query = new TreeSet<String>();
            op.getValue().path("parameters").forEach(q -> {
                if (q.get("in").asText().equals("query")) {
                    query.add(q.get("name").asText());
                }
            });
            documented.add(op.getKey().toUpperCase() + " " + p.getKey() + " " + String.join(",", query));
        }));
        var gateway = new TreeSet<String>();
        for (Api.Route r : java.util.stream.Stream.concat(Api.ROUTES.stream(), Api.PUBLIC_ROUTES.stream()).toList()) {
            gateway.add(r.method() + " " + r.path() + " " + String.join(",", new TreeSet<>(List.of(r.query()))));
        }
        assertEquals(documented, gateway);
    }

    @Test
    void apiIsRegional() {
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "Name", "cfgvault-default", "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "Name", "cfgvault-default-console", "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
        template.resourceCountIs("AWS::ApiGateway::RestApi", 2);
        assertEquals(29, Api.ROUTES.size());
    }
}
