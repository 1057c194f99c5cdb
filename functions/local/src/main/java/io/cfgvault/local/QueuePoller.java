package io.cfgvault.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cfgvault.handlers.DeviceBackupWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Does locally what the Lambda SQS event source mapping does in AWS: receives batches (up to
 * {@code batchSize}), hands them to the same worker handler as an {@link SQSEvent}, deletes the messages the
 * handler did not report as failed, and leaves the rest to reappear after the visibility timeout. A batch whose
 * invocation throws is left alone entirely, like a crashed Lambda.
 */
public final class QueuePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final DeviceBackupWorker worker;
    private final int batchSize;
    private final int visibilitySeconds;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.concurrent.atomic.LongAdder invocations = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder invocationNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAccumulator longestNanos = new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);
    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();

    public QueuePoller(SqsClient sqs, String queueUrl, DeviceBackupWorker worker, int batchSize, int visibilitySeconds, int concurrency) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.worker = worker;
        this.batchSize = batchSize;
        this.visibilitySeconds = visibilitySeconds;
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::loop, "queue-poller-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    public QueuePoller start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void loop() {
        while (running.get()) {
            try {
                List<Message> messages = receiveBatch();
                if (!messages.isEmpty() && running.get()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("queue poller: {}", e.getMessage());
                    sleep(500);
                }
            }
        }
    }

    /**
     * Up to {@code batchSize} messages, like the event source mapping's batching window: SQS hands out at most 10 a
     * call, so larger batches are gathered for up to {@link #BATCHING_WINDOW} or until the queue has no more.
     */
    private List<Message> receiveBatch() {
        var batch = new ArrayList<Message>();
        long deadline = System.nanoTime() + BATCHING_WINDOW.toNanos();
        while (batch.size() < batchSize && running.get()) {
            int want = Math.min(10, batchSize - batch.size());
            boolean first = batch.isEmpty();
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .waitTimeSeconds(first ? 1 : 0).visibilityTimeout(visibilitySeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            batch.addAll(got);
            if (got.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
        }
        return batch;
    }

    /** The deployed event source's batching window (infra Functions). */
    static final java.time.Duration BATCHING_WINDOW = java.time.Duration.ofSeconds(2);

    /** One invocation of the worker with one batch; public so tests can drive single batches. */
    public void deliver(List<Message> messages) {
        SQSBatchResponse response;
        long t0 = System.nanoTime();
        try {
            response = worker.handleRequest(toEvent(messages), null);
            record(messages.size(), System.nanoTime() - t0);
        } catch (RuntimeException e) {
            record(messages.size(), System.nanoTime() - t0);
            LOG.warn("worker invocation failed, {} messages will be redelivered: {}", messages.size(), e.getMessage());
            return;
        }
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        var done = messages.stream().filter(m -> !failed.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        for (int i = 0; i < done.size(); i += 10) {
            var chunk = done.subList(i, Math.min(done.size(), i + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk));
        }
    }

    private void record(int messages, long nanos) {
        invocations.increment();
        delivered.add(messages);
        invocationNanos.add(nanos);
        longestNanos.accumulate(nanos);
    }

    /** Worker invocations so far, the messages they got, their mean and longest duration (benchmarks). */
    public record Stats(long invocations, long messages, double meanSeconds, double longestSeconds) {}

    public Stats stats() {
        long n = invocations.sum();
        return new Stats(n, delivered.sum(), n == 0 ? 0 : invocationNanos.sum() / 1e9 / n, longestNanos.get() / 1e9);
    }

    /** The event shape Lambda hands to SQS-triggered functions. */
    public static SQSEvent toEvent(List<Message> messages) {
        var records = messages.stream().map(m -> {
            var r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setEventSource("aws:sqs");
            r.setAwsRegion(EmbeddedAws.REGION);
            r.setAttributes(Map.of("ApproximateReceiveCount",
                    m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")));
            return r;
        }).toList();
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
