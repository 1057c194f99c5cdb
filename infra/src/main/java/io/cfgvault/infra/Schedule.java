package io.cfgvault.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The backup schedule: an EventBridge rule on the default bus that invokes the orchestrator's alias with
 * a standard "Scheduled Event". Events EventBridge cannot deliver go to the failure queue.
 * The job id is derived from the deployment and the scheduled time, so a retried delivery starts no second job.
 */
public final class Schedule extends Construct {

    public record Props(String scheduleExpression, IFunction target, IQueue deadLetters) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String scheduleExpression = Parameters.DEFAULT_SCHEDULE;
            private IFunction target;
            private IQueue deadLetters;

            public Builder scheduleExpression(String v) { scheduleExpression = v; return this; }
            public Builder target(IFunction v) { target = v; return this; }
            public Builder deadLetters(IQueue v) { deadLetters = v; return this; }

            public Props build() {
                return new Props(scheduleExpression, target, deadLetters);
            }
        }
    }

    private final Rule rule;

    public Schedule(Construct scope, String id, Props props) {
        super(scope, id);
        rule = Rule.Builder.create(this, "Rule")
                .description("cfgvault backup schedule")
                .schedule(software.amazon.awscdk.services.events.Schedule.expression(props.scheduleExpression()))
                .targets(List.of(LambdaFunction.Builder.create(props.target())
                        .deadLetterQueue(props.deadLetters())
                        .retryAttempts(4)
                        .maxEventAge(Duration.hours(1))
                        .build()))
                .build();
    }

    public Rule rule() {
        return rule;
    }
}
