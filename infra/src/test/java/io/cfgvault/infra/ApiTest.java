package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void everyMethodRequiresIamAuthorizationAndTheRequestValidator() {
        template.resourceCountIs("AWS::ApiGateway::Method", Api.ROUTES.size());
        template.allResourcesProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "AuthorizationType", "AWS_IAM",
                "RequestValidatorId", Match.anyValue(),
                "Integration", Match.objectLike(Map.of("Type", "AWS_PROXY", "IntegrationHttpMethod", "POST")))));
        template.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                "RestApiId", Match.anyValue(), "Name", "parameters-and-body",
                "ValidateRequestParameters", true, "ValidateRequestBody", true));
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
        template.resourceCountIs("AWS::ApiGateway::GatewayResponse", 4);
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
                    String query = m.group(4).replace("\"", "").replace(" ", "");
                    List<String> paths = m.group(3) != null ? List.of(m.group(3))
                            : List.of("/configuration", "/scheduler", "/inventory"); // TableRoutes: one per exported table
                    for (String path : paths) {
                        handler.add(m.group(1) + " " + path + " " + String.join(",", new TreeSet<>(List.of(query.split(",")))));
                    }
                }
            }
        }
        var gateway = new TreeSet<String>();
        for (Api.Route r : Api.ROUTES) {
            gateway.add(r.method() + " " + r.path() + " " + String.join(",", new TreeSet<>(List.of(r.query()))));
        }
        assertEquals(handler, gateway);
    }

    @Test
    void apiIsRegional() {
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Match.objectLike(Map.of(
                "Name", "cfgvault-default", "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")))));
        assertEquals(28, Api.ROUTES.size());
    }
}
