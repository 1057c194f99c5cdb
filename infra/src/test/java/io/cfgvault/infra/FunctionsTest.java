package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Lambda functions, SnapStart versions and aliases, and every trigger pointing at an alias. */
class FunctionsTest {
    private static Synth.Result synth;
    private static Template template;
    private static Functions functions;

    @BeforeAll
    static void synthesize() {
        synth = Synth.defaults();
        template = synth.template();
        functions = synth.stack().functions();
    }

    @Test
    void everyFunctionIsJava21OnArm64WithSnapStartJsonLogsTracingAndTheLayer() {
        template.resourceCountIs("AWS::Lambda::Function", 3);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON", "ApplicationLogLevel", "INFO")),
                "Layers", List.of(Map.of("Ref", Json.logicalId(functions.layer()))))));
        template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "CompatibleRuntimes", List.of("java21"), "CompatibleArchitectures", List.of("arm64")));
    }

    @Test
    void handlersAreTheContractedClasses() {
        for (String handler : List.of("io.cfgvault.handlers.ScheduledBackupHandler::handleRequest",
                "io.cfgvault.handlers.DeviceBackupWorker::handleRequest", "io.cfgvault.handlers.ApiHandler::handleRequest")) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Handler", handler)));
        }
    }

    @Test
    void functionsShareOneThinCodeZipSeparateFromTheLayer() {
        var codeKeys = template.findResources("AWS::Lambda::Function").values().stream()
                .map(r -> Json.text(((Map<?, ?>) Json.properties(r).get("Code")).get("S3Key"))).distinct().toList();
        assertEquals(1, codeKeys.size(), "one code asset for all three functions");
        var layer = template.findResources("AWS::Lambda::LayerVersion").values().iterator().next();
        assertNotEquals(codeKeys.get(0), Json.text(((Map<?, ?>) Json.properties(layer).get("Content")).get("S3Key")));
    }

    @Test
    void environmentCarriesTheHandlerContract() {
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of(
                "Variables", Match.objectLike(Map.of(
                        "CFGVAULT_BUCKET", Match.anyValue(),
                        "CFGVAULT_TABLE_PREFIX", "cfgvault-default-",
                        "CFGVAULT_DEPLOYMENT", "default",
                        "CFGVAULT_QUEUE_URL", Map.of("Ref", Json.logicalId(synth.stack().queue().work())),
                        "CFGVAULT_EVENT_BUS", "default",
                        "CFGVAULT_SECRET_PREFIX", "cfgvault/default/",
                        "CFGVAULT_ACCOUNT_ID", Map.of("Ref", "AWS::AccountId")))))));
    }

    @Test
    void eachFunctionHasALiveAliasOnItsPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Alias", 3);
        template.resourceCountIs("AWS::Lambda::Version", 3);
        for (var alias : List.of(functions.orchestratorAlias(), functions.workerAlias(), functions.apiAlias())) {
            var resource = template.findResources("AWS::Lambda::Alias").get(Json.logicalId(alias));
            var props = Json.properties(resource);
            assertEquals("live", props.get("Name"));
            assertTrue(Json.text(props.get("FunctionVersion")).contains("CurrentVersion"), Json.text(props));
        }
    }

    @Test
    void workerConsumesTheQueueThroughItsAliasWithPartialBatchResponsesAndAConcurrencyCap() {
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Json.logicalId(synth.stack().queue().work()), "Arn")),
                "FunctionName", Match.anyValue(),
                "BatchSize", 50,
                "MaximumBatchingWindowInSeconds", 2,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 20)));
        var mapping = template.findResources("AWS::Lambda::EventSourceMapping").values().iterator().next();
        String target = Json.text(Json.properties(mapping).get("FunctionName"));
        assertTrue(target.contains(Json.logicalId(functions.workerAlias())) && target.contains(":live"), target);
    }

    @Test
    void apiInvokesTheApiAliasOnly() {
        String alias = Json.logicalId(functions.apiAlias());
        var methods = template.findResources("AWS::ApiGateway::Method");
        // The CLI's RestApi and the console's (same routes, plus the console's static files).
        assertEquals(2 * (Api.ROUTES.size() + Api.PUBLIC_ROUTES.size()) + Api.CONSOLE_ROUTES.size(), methods.size());
        methods.forEach((id, m) -> assertTrue(Json.text(Json.properties(m).get("Integration")).contains(alias), id));
        template.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                "Principal", "apigateway.amazonaws.com", "FunctionName", Map.of("Ref", alias))));
        // One per RestApi; Scheduler invokes through a role, not a resource policy.
        template.resourceCountIs("AWS::Lambda::Permission", 2);
    }

    @Test
    void workQueueOutlastsTheWorkerAndRedrivesToItsDeadLetterQueue() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "VisibilityTimeout", 6 * 300,
                "RedrivePolicy", Map.of(
                        "deadLetterTargetArn", Map.of("Fn::GetAtt",
                                List.of(Json.logicalId(synth.stack().queue().workDeadLetters()), "Arn")),
                        "maxReceiveCount", 3))));
    }

    @Test
    void orchestratorDeadLettersAsyncFailuresAndOthersAreSynchronous() {
        String failures = Json.logicalId(synth.stack().queue().failures());
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Functions.ORCHESTRATOR_HANDLER,
                "DeadLetterConfig", Map.of("TargetArn", Map.of("Fn::GetAtt", List.of(failures, "Arn"))))));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Functions.API_HANDLER, "Timeout", 29, "DeadLetterConfig", Match.absent())));
    }

    @Test
    void logGroupsHaveRetention() {
        template.allResourcesProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 90)));
    }

    @Test
    void workerRunsInTheGivenSubnetsWithNetworkInterfacePermissions() {
        Template member = Synth.member().template();
        member.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Functions.WORKER_HANDLER,
                "VpcConfig", Map.of(
                        "SubnetIds", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"),
                        "SecurityGroupIds", List.of(Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue())))))));
        member.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                "VpcId", "vpc-0123456789abcdef0", "SecurityGroupIngress", Match.absent())));
        member.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", Functions.API_HANDLER, "VpcConfig", Match.absent())));
        member.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("Policies", List.of(Match.objectLike(
                Map.of("PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Action", Match.arrayWith(List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface")),
                        "Resource", "*")))))))))));
    }
}
