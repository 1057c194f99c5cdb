package io.cfgvault.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API: API Gateway REST, regional, every method IAM-authorized (SigV4; the caller's IAM principal
 * is what the audit table records), proxied to the API function's alias. Request parameters are validated
 * at the gateway; bodies (JSON or YAML) by the handler, so that every error has the API's
 * {@code {"error": ..., "message": ...}} shape. Throttled per stage and tighter on {@code POST /backups};
 * JSON access logs, execution logs at ERROR (never request bodies: they can hold configurations), X-Ray.
 */
public final class Api extends Construct {

    /**
     * The routes of the handler's router (functions/handlers .../api/*Routes.java; a test keeps the two in step).
     * Anything else is answered by the gateway itself (403/404) without invoking the function.
     * Path parameters are required, query parameters optional.
     */
    static final List<Route> ROUTES = List.of(
            new Route("POST", "/backups"),
            new Route("GET", "/jobs", "limit", "cursor"),
            new Route("GET", "/jobs/{id}", "limit", "cursor"),
            new Route("GET", "/devices", "model", "group", "after", "limit", "q", "platform", "status", "changedSince",
                    "lastSuccessBefore"),
            new Route("GET", "/devices/{name}"),
            new Route("GET", "/devices/{name}/backups", "limit", "cursor"),
            new Route("GET", "/devices/{name}/backups/{version}", "format"),
            new Route("GET", "/devices/{name}/backups/{version}/link", "expires"),
            new Route("POST", "/exports"),
            new Route("GET", "/exports/{id}"),
            new Route("GET", "/devices/{name}/diff", "from", "to"),
            new Route("POST", "/devices/{name}/restore"),
            new Route("GET", "/restores", "limit"),
            new Route("GET", "/configuration"),
            new Route("PUT", "/configuration", "mode", "force"),
            new Route("GET", "/scheduler"),
            new Route("PUT", "/scheduler", "mode", "force"),
            new Route("GET", "/inventory"),
            new Route("PUT", "/inventory", "mode", "force"),
            new Route("POST", "/inventory/sync"),
            new Route("POST", "/inventory/import", "format", "dryRun", "separator", "map", "credentials"),
            new Route("POST", "/configuration/restore"),
            new Route("POST", "/scheduler/restore"),
            new Route("POST", "/inventory/restore"),
            new Route("GET", "/metadata"),
            new Route("POST", "/metadata"),
            new Route("GET", "/audit", "since", "actor", "limit", "cursor"),
            new Route("GET", "/schedules"),
            new Route("GET", "/me"));

    /** Routes that need no sign-in on either RestApi: the OpenAPI document holds no data. */
    static final List<Route> PUBLIC_ROUTES = List.of(new Route("GET", "/openapi.json"));

    /** The console's static files, on the console's RestApi only, with no authorizer (sign-in starts there). */
    static final List<Route> CONSOLE_ROUTES = List.of(new Route("GET", "/console"), new Route("GET", "/console/{proxy+}"));

    record Route(String method, String path, String... query) {
    }

    /**
     * {@code userPool} empty: the CLI's API, every method AWS_IAM. Present: the console's API, every route
     * behind a Cognito authorizer on that pool (ID tokens), plus the console's static files with no authorizer.
     * API Gateway takes one authorizer per method, hence two RestApis in front of the same function.
     */
    public record Props(String name, IFunction handler, String stageName, int rateLimit, int burstLimit, int logRetentionDays,
                        java.util.Optional<IUserPool> userPool) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String name = "cfgvault";
            private IFunction handler;
            private String stageName = "v1";
            private int rateLimit = 20;
            private int burstLimit = 40;
            private int logRetentionDays = 90;
            private java.util.Optional<IUserPool> userPool = java.util.Optional.empty();

            public Builder name(String v) { name = v; return this; }
            public Builder handler(IFunction v) { handler = v; return this; }
            public Builder stageName(String v) { stageName = v; return this; }
            public Builder rateLimit(int v) { rateLimit = v; return this; }
            public Builder burstLimit(int v) { burstLimit = v; return this; }
            public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }
            public Builder userPool(IUserPool v) { userPool = java.util.Optional.of(v); return this; }

            public Props build() {
                return new Props(name, handler, stageName, rateLimit, burstLimit, logRetentionDays, userPool);
            }
        }
    }

    private final RestApi restApi;

    public Api(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(Functions.retention(props.logRetentionDays()))
                .build();

        var builder = RestApi.Builder.create(this, "Api")
                .restApiName(props.name())
                .description("cfgvault: backups, jobs, restores, devices, tables, metadata, audit")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // The CloudWatch role is account-wide: the CLI's API sets it, the console's API reuses it.
                .cloudWatchRole(props.userPool().isEmpty())
                .deployOptions(StageOptions.builder()
                        .stageName(props.stageName())
                        .throttlingRateLimit(props.rateLimit())
                        .throttlingBurstLimit(props.burstLimit())
                        .methodOptions(Map.of("/backups/POST", MethodDeploymentOptions.builder()
                                .throttlingRateLimit(1).throttlingBurstLimit(5).build()))
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true).build()))
                        .build());
        if (props.userPool().isEmpty()) {
            builder.cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN);
        }
        restApi = builder.build();

        RequestValidator validator = restApi.addRequestValidator("Validator", software.amazon.awscdk.services.apigateway.RequestValidatorOptions.builder()
                .requestValidatorName("parameters-and-body")
                .validateRequestParameters(true)
                .validateRequestBody(true)
                .build());

        // One Lambda permission for the whole API instead of one per method.
        var integration = LambdaIntegration.Builder.create(props.handler())
                .proxy(true)
                .scopePermissionToMethod(false)
                .build();

        MethodOptions.Builder auth = MethodOptions.builder().authorizationType(AuthorizationType.IAM);
        if (props.userPool().isPresent()) {
            // No authorization scopes: the authorizer then takes the ID token, whose claims name the user and groups.
            var authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                    .authorizerName(props.name() + "-users")
                    .cognitoUserPools(List.of(props.userPool().get()))
                    .identitySource("method.request.header.Authorization")
                    .build();
            auth = MethodOptions.builder().authorizationType(AuthorizationType.COGNITO).authorizer(authorizer);
        }
        MethodOptions authOptions = auth.build();
        for (Route route : ROUTES) {
            IResource resource = restApi.getRoot().resourceForPath(route.path());
            var parameters = new LinkedHashMap<String, Boolean>();
            for (String segment : route.path().split("/")) {
                if (segment.startsWith("{")) {
                    parameters.put("method.request.path." + segment.substring(1, segment.length() - 1), true);
                }
            }
            for (String q : route.query()) {
                parameters.put("method.request.querystring." + q, false);
            }
            resource.addMethod(route.method(), integration, MethodOptions.builder()
                    .authorizationType(authOptions.getAuthorizationType())
                    .authorizer(authOptions.getAuthorizer())
                    .requestValidator(validator)
                    .requestParameters(parameters)
                    .build());
        }

        for (Route route : PUBLIC_ROUTES) {
            var method = restApi.getRoot().resourceForPath(route.path()).addMethod(route.method(), integration,
                    MethodOptions.builder().authorizationType(AuthorizationType.NONE).build());
            Nag.suppress(method, "AwsSolutions-APIG4", "The OpenAPI document describes the routes and holds no data; "
                    + "tools read it without credentials. Every data route requires IAM or Cognito authorization.");
            Nag.suppress(method, "AwsSolutions-COG4", "The OpenAPI document holds no data; every data route requires "
                    + "IAM or Cognito authorization.");
        }
        if (props.userPool().isPresent()) {
            for (Route route : CONSOLE_ROUTES) {
                var method = restApi.getRoot().resourceForPath(route.path()).addMethod(route.method(), integration,
                        MethodOptions.builder().authorizationType(AuthorizationType.NONE)
                                .requestParameters(route.path().contains("{proxy+}")
                                        ? Map.of("method.request.path.proxy", true) : Map.of())
                                .build());
                Nag.suppress(method, "AwsSolutions-APIG4", "The console's static files (HTML, JS, CSS, config.json with the "
                        + "user pool's public client id) must load before anyone can sign in; every API route is "
                        + "behind the Cognito authorizer.");
                Nag.suppress(method, "AwsSolutions-COG4", "The console's static files must load before sign-in; every "
                        + "API route of this RestApi uses the Cognito user pool authorizer.");
            }
        }

        // Gateway-generated errors in the same shape as the handler's.
        errorShape(ResponseType.DEFAULT_4_XX, "request_rejected");
        errorShape(ResponseType.DEFAULT_5_XX, "gateway_error");
        errorShape(ResponseType.BAD_REQUEST_PARAMETERS, "bad_request");
        errorShape(ResponseType.BAD_REQUEST_BODY, "bad_request");

        Nag.suppress(restApi.getLatestDeployment(), "CdkNagValidationFailure",
                "Serverless-APIGWStructuredLogging cannot evaluate a deployment without a stage description; the "
                        + "stage itself is checked and has JSON access logging.");
        if (props.userPool().isEmpty()) {
            Nag.suppress(restApi, "AwsSolutions-COG4",
                    "Callers are operators and automation with IAM identities: every method uses AWS_IAM (SigV4) "
                            + "authorization, and the audit trail records the calling IAM principal. Console users "
                            + "sign in through the Cognito user pool on the separate console RestApi.");
        }
        Nag.suppress(restApi, "AwsSolutions-APIG3",
                "Regional API where every method requires SigV4-signed IAM credentials and the stage is throttled; "
                        + "attach an AWS WAF web ACL to the stage if your organization mandates one.");
        Nag.suppress(restApi, "AwsSolutions-IAM4",
                "The account-level API Gateway CloudWatch role (needed for execution logging) uses the AWS-managed "
                        + "AmazonAPIGatewayPushToCloudWatchLogs policy, which AWS maintains for exactly this purpose.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    }

    /**
     * Gateway response templates get plain variable substitution (no VTL): {@code messageString} is already a
     * quoted JSON string; the validation detail is only set, and only quote-free, for parameter validation.
     */
    private void errorShape(ResponseType type, String error) {
        String detail = type == ResponseType.BAD_REQUEST_PARAMETERS || type == ResponseType.BAD_REQUEST_BODY
                ? ",\"detail\":\"$context.error.validationErrorString\"" : "";
        restApi.addGatewayResponse("Response" + type.getResponseType().replace("_", ""), GatewayResponseOptions.builder()
                .type(type)
                .templates(Map.of("application/json",
                        "{\"error\":\"" + error + "\",\"message\":$context.error.messageString" + detail
                                + ",\"requestId\":\"$context.requestId\"}"))
                .build());
    }

    public RestApi restApi() {
        return restApi;
    }

    /**
     * The console's address, built from the RestApi id and stage name only (not the stage resource), so that the
     * user pool client can name it as its callback without a dependency cycle through the function.
     */
    public String consoleUrl(String stageName) {
        return "https://" + restApi.getRestApiId() + ".execute-api." + software.amazon.awscdk.Aws.REGION + "."
                + software.amazon.awscdk.Aws.URL_SUFFIX + "/" + stageName + "/console/";
    }

    /** The invoke URL of the named stage. */
    public String url() {
        return restApi.getUrl();
    }
}
