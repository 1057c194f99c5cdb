package io.cfgvault.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesized stacks shared by the test classes: each synth costs seconds (jsii, cdk-nag), so every
 * configuration is synthesized once per test run.
 */
final class Synth {
    /** Everything a central deployment can switch on. */
    static final Map<String, String> CENTRAL = Map.of(
            "deployment", "central",
            "organizationId", "o-abcde12345",
            "kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "objectLockDays", "30",
            "archiveExpiryDays", "730",
            "cmdbAccountIds", "111122223333,444455556666",
            "cmdbRegions", "eu-west-1,us-east-1");

    /** A member deployment writing into the central bucket, with its worker in a VPC. */
    static final Map<String, String> MEMBER = Map.of(
            "deployment", "branch-1",
            "centralBucketName", "cfgvault-central-backups",
            "workerVpcId", "vpc-0123456789abcdef0",
            "workerSubnetIds", "subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2",
            "alarmTopicArn", "arn:aws:sns:eu-west-1:444455556666:ops-alarms",
            "kmsKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "scheduleExpression", "cron(30 */4 * * ? *)");

    record Result(CfgvaultStack stack, Template template, Annotations annotations) {
    }

    private static final Map<String, Result> CACHE = new LinkedHashMap<>();

    private Synth() {
    }

    static Result defaults() {
        return cached("defaults", Map.of());
    }

    static Result central() {
        return cached("central", CENTRAL);
    }

    static Result member() {
        return cached("member", MEMBER);
    }

    static synchronized Result cached(String name, Map<String, String> context) {
        return CACHE.computeIfAbsent(name, n -> fresh(context));
    }

    /** A new App and stack, synthesized now. */
    static Result fresh(Map<String, String> context) {
        App app = CfgvaultApp.newApp(context);
        CfgvaultStack stack = CfgvaultApp.build(app, Parameters.fromContext(app.getNode()), Artifacts.locate(), false);
        Template template = Template.fromStack(stack);
        return new Result(stack, template, Annotations.fromStack(stack));
    }
}
