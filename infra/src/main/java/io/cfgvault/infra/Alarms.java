package io.cfgvault.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.CfnResourcePolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Operational alarms, all to one SNS topic (given, or created): failed jobs, messages in either
 * dead-letter queue, worker and orchestrator errors, worker throttles, and staleness — no completed job
 * within {@code stalenessHours} (two schedule periods by default).
 * <p>
 * Job outcomes come from the service's own EventBridge events ({@code source: cfgvault}, detail-types
 * {@code Backup Job Completed} / {@code Backup Job Failed}): a rule per outcome delivers them to a "job
 * events" log group (a readable job history) and its {@code AWS/Events TriggeredRules} metric counts them.
 */
public final class Alarms extends Construct {
    public static final String EVENT_SOURCE = "cfgvault";
    public static final String JOB_COMPLETED = "Backup Job Completed";
    public static final String JOB_FAILED = "Backup Job Failed";
    public static final String DELIVERY_FAILED = "Destination Delivery Failed";

    public record Props(String deployment, Optional<String> alarmTopicArn, int stalenessHours, IEventBus eventBus,
                        IFunction orchestrator, IFunction worker, IQueue workDeadLetters, IQueue failures,
                        int logRetentionDays) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String deployment;
            private Optional<String> alarmTopicArn = Optional.empty();
            private int stalenessHours = 2;
            private IEventBus eventBus;
            private IFunction orchestrator;
            private IFunction worker;
            private IQueue workDeadLetters;
            private IQueue failures;
            private int logRetentionDays = 90;

            public Builder deployment(String v) { deployment = v; return this; }
            public Builder alarmTopicArn(Optional<String> v) { alarmTopicArn = v; return this; }
            public Builder stalenessHours(int v) { stalenessHours = v; return this; }
            public Builder eventBus(IEventBus v) { eventBus = v; return this; }
            public Builder orchestrator(IFunction v) { orchestrator = v; return this; }
            public Builder worker(IFunction v) { worker = v; return this; }
            public Builder workDeadLetters(IQueue v) { workDeadLetters = v; return this; }
            public Builder failures(IQueue v) { failures = v; return this; }
            public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }

            public Props build() {
                return new Props(deployment, alarmTopicArn, stalenessHours, eventBus, orchestrator, worker,
                        workDeadLetters, failures, logRetentionDays);
            }
        }
    }

    private final String namePrefix;
    private final ITopic topic;
    private final LogGroup jobEvents;
    private final Rule completedRule;
    private final Rule failedRule;

    public Alarms(Construct scope, String id, Props props) {
        super(scope, id);
        namePrefix = "cfgvault-" + props.deployment() + "-";
        topic = props.alarmTopicArn()
                .map(arn -> Topic.fromTopicArn(this, "Topic", arn))
                .orElseGet(() -> createTopic(props.deployment()));
        SnsAction notify = new SnsAction(topic);

        jobEvents = LogGroup.Builder.create(this, "JobEvents")
                .retention(Functions.retention(props.logRetentionDays()))
                .build();
        String jobEventsArn = Stack.of(this).formatArn(ArnComponents.builder().service("logs").resource("log-group")
                .resourceName(jobEvents.getLogGroupName()).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        new CfnResourcePolicy(this, "JobEventsDelivery", software.amazon.awscdk.services.logs.CfnResourcePolicyProps.builder()
                .policyName("cfgvault-" + props.deployment() + "-job-events")
                .policyDocument(Stack.of(this).toJsonString(Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of(
                                "Sid", "EventBridgeDeliversJobEvents",
                                "Effect", "Allow",
                                "Principal", Map.of("Service", List.of("events.amazonaws.com", "delivery.logs.amazonaws.com")),
                                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", jobEventsArn + ":*")))))
                .build());

        completedRule = jobRule("JobCompleted", JOB_COMPLETED, props, jobEventsArn);
        failedRule = jobRule("JobFailed", JOB_FAILED, props, jobEventsArn);
        Rule deliveryRule = jobRule("DeliveryFailed", DELIVERY_FAILED, props, jobEventsArn);

        alarm("FailedJobs", "A backup job failed (event '" + JOB_FAILED + "'). See the job-events log group and GET /jobs/{id}.",
                triggered(failedRule, Duration.minutes(5)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                1, TreatMissingData.NOT_BREACHING, notify);
        alarm("Stale", "No backup job completed in the last " + props.stalenessHours() + " hours (two schedule periods). "
                        + "Check the orchestrator's logs and the failure queue.",
                triggered(completedRule, Duration.hours(1)), 1, ComparisonOperator.LESS_THAN_THRESHOLD,
                props.stalenessHours(), TreatMissingData.BREACHING, notify);
        alarm("DestinationDelivery", "A Git or S3 destination refused or missed a job's configs after retries (event '"
                        + DELIVERY_FAILED + "'). Backups are safe in the bucket; the next job delivers what is owed. "
                        + "See metadata/destinations/ and GET /jobs/{id}.",
                triggered(deliveryRule, Duration.minutes(5)), 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                1, TreatMissingData.NOT_BREACHING, notify);
        alarm("WorkDeadLetters", "Device batches reached the work dead-letter queue after repeated failures. "
                        + "Inspect the messages, fix the cause, then redrive them to the work queue.",
                props.workDeadLetters().metricApproximateNumberOfMessagesVisible(every5Minutes("Maximum")),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING, notify);
        alarm("Failures", "A scheduled run could not be delivered or the orchestrator failed after retries; "
                        + "the event is in the failure queue.",
                props.failures().metricApproximateNumberOfMessagesVisible(every5Minutes("Maximum")),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING, notify);
        alarm("WorkerErrors", "The device worker failed whole invocations (not single devices). See its log group.",
                props.worker().metricErrors(every5Minutes("Sum")),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING, notify);
        alarm("WorkerThrottles", "The device worker was throttled: the account's concurrency is exhausted.",
                props.worker().metricThrottles(every5Minutes("Sum")),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING, notify);
        alarm("OrchestratorErrors", "The scheduled backup orchestrator failed. See its log group.",
                props.orchestrator().metricErrors(every5Minutes("Sum")),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1, TreatMissingData.NOT_BREACHING, notify);
    }

    public ITopic topic() { return topic; }
    public LogGroup jobEvents() { return jobEvents; }
    public Rule completedRule() { return completedRule; }
    public Rule failedRule() { return failedRule; }

    private Topic createTopic(String deployment) {
        Topic created = Topic.Builder.create(this, "Topic")
                .topicName("cfgvault-" + deployment + "-alarms")
                .displayName("cfgvault " + deployment + " alarms")
                .enforceSsl(true)
                .build();
        // The topic policy replaces SNS's default one, so CloudWatch needs an explicit grant.
        created.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(created.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        return created;
    }

    private Rule jobRule(String id, String detailType, Props props, String logGroupArn) {
        Rule rule = Rule.Builder.create(this, id)
                .description("cfgvault job outcome '" + detailType + "' to the job-events log group (and its metric)")
                .eventBus(props.eventBus())
                .eventPattern(EventPattern.builder().source(List.of(EVENT_SOURCE)).detailType(List.of(detailType)).build())
                .build();
        rule.addTarget(new LogGroupTarget(logGroupArn, props.failures().getQueueArn()));
        props.failures().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("Undelivered" + id + "Events")
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(props.failures().getQueueArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", rule.getRuleArn())))
                .build());
        return rule;
    }

    /**
     * Delivers matched events to a log group. CDK's own CloudWatchLogGroup target installs the log group's
     * resource policy through a custom-resource Lambda; here it is a plain AWS::Logs::ResourcePolicy instead.
     */
    private record LogGroupTarget(String logGroupArn, String deadLetterQueueArn) implements IRuleTarget {
        @Override
        public RuleTargetConfig bind(IRuleRef rule, String targetId) {
            return RuleTargetConfig.builder()
                    .arn(logGroupArn)
                    .deadLetterConfig(CfnRule.DeadLetterConfigProperty.builder().arn(deadLetterQueueArn).build())
                    .retryPolicy(CfnRule.RetryPolicyProperty.builder()
                            .maximumRetryAttempts(8).maximumEventAgeInSeconds(3600).build())
                    .build();
        }

        @Override
        public RuleTargetConfig bind(IRuleRef rule) {
            return bind(rule, null);
        }
    }

    private static MetricOptions every5Minutes(String statistic) {
        return MetricOptions.builder().period(Duration.minutes(5)).statistic(statistic).build();
    }

    private static Metric triggered(Rule rule, Duration period) {
        return Metric.Builder.create()
                .namespace("AWS/Events")
                .metricName("TriggeredRules")
                .dimensionsMap(Map.of("RuleName", rule.getRuleName()))
                .statistic("Sum")
                .period(period)
                .build();
    }

    private void alarm(String id, String description, Metric metric, double threshold, ComparisonOperator comparison,
                       int periods, TreatMissingData missing, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(namePrefix + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
    }
}
