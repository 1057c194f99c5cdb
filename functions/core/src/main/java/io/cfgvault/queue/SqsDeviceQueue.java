package io.cfgvault.queue;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link DeviceQueue} on SQS: one message per device, sent ten at a time. */
public final class SqsDeviceQueue implements DeviceQueue {
    private final SqsClient sqs;
    private final String url;

    public SqsDeviceQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    @Override
    public void send(List<DeviceTask> tasks) {
        for (int i = 0; i < tasks.size(); i += 10) {
            var entries = new ArrayList<SendMessageBatchRequestEntry>();
            List<DeviceTask> batch = tasks.subList(i, Math.min(tasks.size(), i + 10));
            for (int j = 0; j < batch.size(); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(batch.get(j).toJson()).build());
            }
            List<SendMessageBatchRequestEntry> pending = entries;
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == 3) {
                    throw new IllegalStateException("queue " + url + " rejected " + pending.size() + " device messages");
                }
                var send = pending;
                var failed = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(send)).failed();
                var failedIds = failed.stream().map(f -> f.id()).toList();
                pending = send.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }
    }
}
