package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Alarms, the job-outcome rules they count, and the notification topic. */
class AlarmsTest {
    private static Template template;
    private static String topic;

    @BeforeAll
    static void synthesize() {
        template = Synth.defaults().template();
        topic = Json.logicalId(Synth.defaults().stack().alarms().topic());
    }

    @Test
    void everyAlarmNotifiesTheTopicOnAlarmAndRecovery() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 8); // seven for jobs and the worker, one for destinations
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmActions", List.of(Map.of("Ref", topic)),
                "OKActions", List.of(Map.of("Ref", topic)))));
    }

    @Test
    void failedJobsAreCountedFromTheServicesOwnEvents() {
        String rule = Json.logicalId(Synth.defaults().stack().alarms().failedRule());
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Map.of("source", List.of("cfgvault"), "detail-type", List.of("Backup Job Failed")),
                "Targets", List.of(Match.objectLike(Map.of("DeadLetterConfig", Match.anyValue()))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "cfgvault-default-FailedJobs",
                "Namespace", "AWS/Events", "MetricName", "TriggeredRules",
                "Dimensions", List.of(Map.of("Name", "RuleName", "Value", Map.of("Ref", rule))),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold", "Threshold", 1,
                "TreatMissingData", "notBreaching")));
    }

    @Test
    void staleWhenNoJobCompletedInTwoSchedulePeriods() {
        String rule = Json.logicalId(Synth.defaults().stack().alarms().completedRule());
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "cfgvault-default-Stale",
                "MetricName", "TriggeredRules",
                "Dimensions", List.of(Map.of("Name", "RuleName", "Value", Map.of("Ref", rule))),
                "Period", 3600, "EvaluationPeriods", 2, "DatapointsToAlarm", 2,
                "ComparisonOperator", "LessThanThreshold", "Threshold", 1,
                "TreatMissingData", "breaching")));
        Synth.member().template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "cfgvault-branch-1-Stale", "EvaluationPeriods", 8)));
    }

    @Test
    void deadLetterDepthWorkerErrorsAndThrottlesAlarm() {
        for (String queue : List.of(Json.logicalId(Synth.defaults().stack().queue().workDeadLetters()),
                Json.logicalId(Synth.defaults().stack().queue().failures()))) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName")))),
                    "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
        }
        String worker = Json.logicalId(Synth.defaults().stack().functions().worker());
        for (String metric : List.of("Errors", "Throttles")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "AWS/Lambda", "MetricName", metric,
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", worker))))));
        }
    }

    @Test
    void createdTopicIsTlsOnlyAndLetsCloudWatchPublish() {
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Effect", "Deny", "Condition",
                                Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                        Match.objectLike(Map.of("Effect", "Allow", "Action", "sns:Publish",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))))));
    }

    @Test
    void givenTopicIsUsedAndNoneCreated() {
        Template member = Synth.member().template();
        member.resourceCountIs("AWS::SNS::Topic", 0);
        var actions = member.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> Json.text(Json.properties(a).get("AlarmActions"))).distinct().toList();
        assertEquals(List.of("[\"" + Synth.MEMBER.get("alarmTopicArn") + "\"]"), actions);
    }

    @Test
    void jobEventsLogGroupAcceptsEventBridgeDeliveries() {
        template.hasResourceProperties("AWS::Logs::ResourcePolicy", Match.objectLike(Map.of(
                "PolicyName", "cfgvault-default-job-events")));
        String policy = Json.text(template.findResources("AWS::Logs::ResourcePolicy"));
        assertTrue(policy.contains("events.amazonaws.com") && policy.contains("logs:PutLogEvents"), policy);
    }
}
