package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cfgvault.jobs.DeviceWorker;
import java.util.List;

/** SQS batch of device tasks -> backups; answers with the messages to retry (partial batch failure). */
public final class DeviceBackupWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeviceWorker worker;

    public DeviceBackupWorker() {
        this(LambdaServices.services().deviceWorker());
    }

    public DeviceBackupWorker(DeviceWorker worker) {
        this.worker = worker;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<DeviceWorker.Message> messages = event.getRecords().stream()
                .map(m -> new DeviceWorker.Message(m.getMessageId(), m.getBody())).toList();
        List<String> retry = worker.process(messages);
        return SQSBatchResponse.builder()
                .withBatchItemFailures(retry.stream().map(id -> SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(id).build()).toList())
                .build();
    }
}
