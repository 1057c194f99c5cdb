package io.cfgvault.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The device work queue (orchestrator -> worker), its dead-letter queue, and the failure queue that
 * catches what never reached a handler: failed asynchronous invocations of the orchestrator and
 * scheduled events EventBridge could not deliver. All SSE-SQS encrypted and TLS-only.
 */
public final class Queue extends Construct {

    public record Props(Duration workerTimeout, int maxReceiveCount) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Duration workerTimeout = Duration.minutes(5);
            private int maxReceiveCount = 3;

            public Builder workerTimeout(Duration v) { workerTimeout = v; return this; }
            public Builder maxReceiveCount(int v) { maxReceiveCount = v; return this; }

            public Props build() {
                return new Props(workerTimeout, maxReceiveCount);
            }
        }
    }

    private final software.amazon.awscdk.services.sqs.Queue work;
    private final software.amazon.awscdk.services.sqs.Queue workDeadLetters;
    private final software.amazon.awscdk.services.sqs.Queue failures;

    public Queue(Construct scope, String id, Props props) {
        super(scope, id);
        workDeadLetters = queue("WorkDeadLetters", Duration.days(14), Duration.seconds(30));
        // Lambda's advice for SQS event sources: visibility timeout at least six times the function timeout,
        // so that a batch is not handed out again while a throttled invocation is still being retried.
        work = software.amazon.awscdk.services.sqs.Queue.Builder.create(this, "Work")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(props.workerTimeout().toSeconds().longValue() * 6))
                .retentionPeriod(Duration.days(1))
                .deadLetterQueue(DeadLetterQueue.builder().queue(workDeadLetters).maxReceiveCount(props.maxReceiveCount()).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        failures = queue("Failures", Duration.days(14), Duration.seconds(30));

        for (var dlq : new software.amazon.awscdk.services.sqs.Queue[] {workDeadLetters, failures}) {
            Nag.suppress(dlq, "Serverless-SQSRedrivePolicy",
                    "This queue is itself a dead-letter queue; its messages are inspected and redriven by an operator.");
        }
    }

    private software.amazon.awscdk.services.sqs.Queue queue(String id, Duration retention, Duration visibility) {
        return software.amazon.awscdk.services.sqs.Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(retention)
                .visibilityTimeout(visibility)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /** Device batches; the worker's event source. */
    public software.amazon.awscdk.services.sqs.Queue work() {
        return work;
    }

    /** Device batches that failed {@code maxReceiveCount} times. */
    public software.amazon.awscdk.services.sqs.Queue workDeadLetters() {
        return workDeadLetters;
    }

    /** Failed asynchronous orchestrator invocations and undeliverable scheduled events. */
    public software.amazon.awscdk.services.sqs.Queue failures() {
        return failures;
    }
}
