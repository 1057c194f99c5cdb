package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The deployment's EventBridge Scheduler group, default schedule, invoke role and the reconciler's narrow rights. */
class ScheduleTest {
    final Synth.Result synth = Synth.defaults();
    final Template template = synth.template();

    @Test
    void freshDeployBacksUpHourlyThroughTheDefaultScheduleInItsOwnGroup() {
        template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", "cfgvault-default"));
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "Name", "stack-default-backup",
                "GroupName", "cfgvault-default",
                "ScheduleExpression", "cron(0 * * * ? *)",
                "ScheduleExpressionTimezone", "UTC",
                "State", "ENABLED",
                "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                "Target", Match.objectLike(Map.of(
                        "RoleArn", Match.anyValue(),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(Json.logicalId(synth.stack().queue().failures()), "Arn"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 3, "MaximumEventAgeInSeconds", 3600)))));
        var schedule = Json.properties(template.findResources("AWS::Scheduler::Schedule").values().iterator().next());
        String target = Json.text(schedule.get("Target"));
        assertTrue(target.contains(":function:cfgvault-default-orchestrator:live"), target);
        assertTrue(target.contains("<aws.scheduler.scheduled-time>"), "the job id comes from the scheduled time: " + target);
        assertTrue(target.contains("\\\"origin\\\":\\\"stack\\\""), target);
        assertTrue(template.findResources("AWS::Events::Rule").values().stream()
                .noneMatch(r -> Json.properties(r).containsKey("ScheduleExpression")), "no EventBridge rule schedule any more");
    }

    @Test
    void deployChoosesTheDefaultScheduleAndTheTimeZone() {
        var r = Synth.cached("paris", Map.of("deployment", "paris", "scheduleExpression", "cron(30 */4 * * ? *)", "timeZone", "Europe/Paris"));
        r.template().hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "ScheduleExpression", "cron(30 */4 * * ? *)", "GroupName", "cfgvault-paris")));
        for (var fn : List.of(r.stack().functions().orchestrator(), r.stack().functions().api())) {
            r.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", Json.properties(r.template().findResources("AWS::Lambda::Function").get(Json.logicalId(fn))).get("FunctionName"),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "CFGVAULT_SCHEDULE_GROUP", "cfgvault-paris",
                            "CFGVAULT_DEFAULT_SCHEDULE", "cron(30 */4 * * ? *)",
                            "CFGVAULT_TIME_ZONE", "Europe/Paris",
                            "CFGVAULT_SCHEDULE_ROLE_ARN", Match.anyValue(),
                            "CFGVAULT_SCHEDULE_TARGET_ARN", Match.anyValue()))))));
        }
    }

    @Test
    void schedulerMayOnlyInvokeTheOrchestratorAliasAndReportUndeliveredFires() {
        var stack = synth.stack();
        String invokeRole = Json.logicalId(stack.schedule().invokeRole());
        var role = Json.properties(template.findResources("AWS::IAM::Role").get(invokeRole));
        String trust = Json.text(role.get("AssumeRolePolicyDocument"));
        assertTrue(trust.contains("scheduler.amazonaws.com") && trust.contains("aws:SourceAccount"), trust);
        var statements = Json.statements(template).stream().filter(s -> s.owner().equals(invokeRole)).toList();
        assertEquals(List.of(List.of("lambda:InvokeFunction"), List.of("sqs:SendMessage")),
                statements.stream().map(Json.Statement::actions).toList());
        assertTrue(Json.text(statements.get(0).resources()).contains(":function:cfgvault-default-orchestrator:live"));
        assertTrue(Json.text(statements.get(1).resources()).contains(Json.logicalId(stack.queue().failures())));
    }

    @Test
    void reconcilerManagesOnlyItsOwnSchedulesAndPassesOnlyTheInvokeRole() {
        var stack = synth.stack();
        String invokeRole = Json.logicalId(stack.schedule().invokeRole());
        var functions = stack.functions();
        var managers = new java.util.TreeSet<String>();
        for (Json.Statement s : Json.statements(template)) {
            if (s.actions().stream().anyMatch(a -> a.startsWith("scheduler:") && !a.equals("scheduler:ListSchedules"))) {
                managers.add(s.owner());
                assertEquals(List.of("scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
                        "scheduler:DeleteSchedule"), s.actions());
                assertTrue(Json.text(s.resources()).contains(":schedule/cfgvault-default/cfgvault-*"), Json.text(s.resources()));
            }
            if (s.actions().contains("iam:PassRole")) {
                assertEquals(List.of("iam:PassRole"), s.actions());
                assertEquals(List.of(Map.of("Fn::GetAtt", List.of(invokeRole, "Arn"))), s.resources(), s.owner());
                assertTrue(Json.text(s.body().get("Condition")).contains("scheduler.amazonaws.com"));
            }
        }
        assertEquals(new java.util.TreeSet<>(List.of(Json.logicalId(functions.orchestrator().getRole()),
                Json.logicalId(functions.api().getRole()))), managers, "the worker never touches schedules");
        assertFalse(Json.text(template.toJSON()).contains("\"scheduler:*\""));
    }
}
