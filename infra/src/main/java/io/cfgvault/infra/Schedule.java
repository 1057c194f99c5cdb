package io.cfgvault.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The deployment's schedules: an EventBridge Scheduler group that only this deployment writes, the role
 * Scheduler assumes to invoke the orchestrator's alias, and the stack's default schedule so that a fresh deploy
 * backs up before anyone writes {@code backup.cron}. The functions' reconciler adds one schedule per
 * {@code backup.cron} and scheduler entry in the group (names {@code cfgvault-*}); IAM lets it manage only those
 * and pass only the invoke role. Undeliverable fires go to the failure queue.
 */
public final class Schedule extends Construct {
    /** The stack's own schedule; outside the reconciler's {@code cfgvault-} names, so it never touches it. */
    public static final String DEFAULT_SCHEDULE_NAME = "stack-default-backup";

    public record Props(String deployment, String scheduleExpression, Optional<String> timeZone, IQueue deadLetters) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String deployment = "default";
            private String scheduleExpression = Parameters.DEFAULT_SCHEDULE;
            private Optional<String> timeZone = Optional.empty();
            private IQueue deadLetters;

            public Builder deployment(String v) { deployment = v; return this; }
            public Builder scheduleExpression(String v) { scheduleExpression = v; return this; }
            public Builder timeZone(Optional<String> v) { timeZone = v; return this; }
            public Builder deadLetters(IQueue v) { deadLetters = v; return this; }

            public Props build() {
                return new Props(deployment, scheduleExpression, timeZone, deadLetters);
            }
        }
    }

    private final String groupName;
    private final Role invokeRole;
    private final CfnScheduleGroup group;
    private final CfnSchedule defaultSchedule;
    private final String targetArn;
    private final Props props;

    public Schedule(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        groupName = "cfgvault-" + props.deployment();
        group = CfnScheduleGroup.Builder.create(this, "Group").name(groupName).build();
        // Built from names, not references: the orchestrator's own environment names this target, and a
        // reference from the function to its alias would be a cycle.
        targetArn = "arn:" + Aws.PARTITION + ":lambda:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":function:"
                + "cfgvault-" + props.deployment() + "-orchestrator:live";

        invokeRole = Role.Builder.create(this, "InvokeRole")
                .roleName("cfgvault-" + props.deployment() + "-scheduler-invoke")
                .description("EventBridge Scheduler invokes the cfgvault orchestrator for the schedules of group " + groupName)
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com")
                        .withConditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
                .build();
        invokeRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InvokeOrchestrator")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(targetArn))
                .build());
        invokeRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("UndeliverableFires")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(props.deadLetters().getQueueArn()))
                .build());

        // The Scheduled Event the orchestrator gets; Scheduler fills in the <aws.scheduler.*> attributes.
        String input = "{\"version\":\"0\",\"id\":\"<aws.scheduler.execution-id>\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"cfgvault.scheduler\",\"time\":\"<aws.scheduler.scheduled-time>\","
                + "\"resources\":[\"<aws.scheduler.schedule-arn>\"],\"detail\":{\"key\":\"backup.cron\",\"origin\":\"stack\"}}";
        defaultSchedule = CfnSchedule.Builder.create(this, "Default")
                .name(DEFAULT_SCHEDULE_NAME)
                .groupName(groupName)
                .description("cfgvault default backup schedule: runs the backup while backup.cron is unset, and reconciles the"
                        + " deployment's schedules at every fire")
                .scheduleExpression(props.scheduleExpression())
                .scheduleExpressionTimezone("UTC")
                .state("ENABLED")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(targetArn)
                        .roleArn(invokeRole.getRoleArn())
                        .input(input)
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(props.deadLetters().getQueueArn()).build())
                        .build())
                .build();
        defaultSchedule.addDependency(group);
    }

    /** Lets {@code role} reconcile the group's {@code cfgvault-*} schedules and pass the invoke role to Scheduler, nothing more. */
    public void allowReconcile(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReconcileOwnSchedules")
                .actions(List.of("scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule",
                        "scheduler:DeleteSchedule"))
                .resources(List.of("arn:" + Aws.PARTITION + ":scheduler:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                        + ":schedule/" + groupName + "/cfgvault-*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListSchedules")
                .actions(List.of("scheduler:ListSchedules")) // has no resource type: IAM only accepts "*"
                .resources(List.of("*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("PassSchedulerInvokeRole")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(invokeRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
                .build());
        Nag.suppress(role, "AwsSolutions-IAM5", "The reconciler creates one schedule per scheduler entry, named after the"
                        + " entry, so the grant ends in '*'; it is limited to this deployment's group and the cfgvault- names."
                        + " scheduler:ListSchedules supports no resource-level permission (AWS requires '*').",
                List.of("Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/" + groupName
                        + "/cfgvault-*", "Resource::*"));
    }

    /** The variables with which the functions find the group, the invoke role, the target, the default and the zone. */
    public Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        env.put("CFGVAULT_SCHEDULE_GROUP", groupName);
        env.put("CFGVAULT_SCHEDULE_ROLE_ARN", "arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/cfgvault-"
                + props.deployment() + "-scheduler-invoke");
        env.put("CFGVAULT_SCHEDULE_TARGET_ARN", targetArn);
        env.put("CFGVAULT_DEFAULT_SCHEDULE", props.scheduleExpression());
        props.timeZone().ifPresent(z -> env.put("CFGVAULT_TIME_ZONE", z));
        return env;
    }

    public String groupName() { return groupName; }
    public Role invokeRole() { return invokeRole; }
    public CfnScheduleGroup group() { return group; }
    public CfnSchedule defaultSchedule() { return defaultSchedule; }
}
