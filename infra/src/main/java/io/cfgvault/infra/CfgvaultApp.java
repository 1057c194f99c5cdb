package io.cfgvault.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Entry point of the CDK app ({@code cdk.json}, {@code scripts/deploy}). The stack is environment-agnostic:
 * account and region come from the deploying credentials, so synthesis needs no AWS access.
 */
public final class CfgvaultApp {
    /** Feature flags this app is written against, fixed here so that tests and every CLI synthesize alike. */
    static final Map<String, Object> FEATURE_FLAGS = Map.of(
            "@aws-cdk/aws-lambda:recognizeLayerVersion", true,
            "@aws-cdk/aws-lambda:recognizeVersionProps", true,
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true,
            "@aws-cdk/aws-apigateway:disableCloudWatchRole", false,
            "@aws-cdk/core:enablePartitionLiterals", true);

    private CfgvaultApp() {
    }

    public static void main(String[] args) {
        App app = newApp(Map.of());
        Parameters parameters;
        try {
            parameters = Parameters.fromContext(app.getNode());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());   // one line naming the key and the fix, no stack trace
            System.exit(1);
            return;
        }
        build(app, parameters, Artifacts.locate(), true);
        CloudAssembly assembly = app.synth();
        int errors = 0;
        for (CloudFormationStackArtifact stack : assembly.getStacks()) {
            for (var message : stack.getMessages()) {
                if (message.getLevel().toString().equals("ERROR")) {
                    errors++;
                    System.err.println("cfgvault: " + message.getId() + ": " + message.getEntry().getData());
                }
            }
        }
        if (errors > 0) {
            System.err.println("cfgvault: synthesis found " + errors + " error(s) (cdk-nag or CDK); nothing to deploy.");
            System.exit(1);
        }
        System.err.println("cfgvault: synthesized " + parameters.stackName() + " into " + assembly.getDirectory());
    }

    /** An App with this project's feature flags, plus {@code context} (tests pass parameters this way). */
    public static App newApp(Map<String, ?> context) {
        var all = new LinkedHashMap<String, Object>(FEATURE_FLAGS);
        all.putAll(context);
        return App.Builder.create().context(all).analyticsReporting(false).build();
    }

    /** Adds the stack for {@code parameters} and the cdk-nag packs to {@code app}. */
    public static CfgvaultStack build(App app, Parameters parameters, Artifacts artifacts, boolean nagReports) {
        CfgvaultStack stack = new CfgvaultStack(app, parameters.stackName(), StackProps.builder()
                .stackName(parameters.stackName())
                .description("cfgvault " + parameters.deployment() + ": serverless configuration backup of DynamoDB "
                        + "tables and network devices")
                .build(), parameters, artifacts);
        Tags.of(stack).add("app", "cfgvault");
        Tags.of(stack).add("cfgvault:deployment", parameters.deployment());
        Nag.check(app, nagReports);
        return stack;
    }
}
