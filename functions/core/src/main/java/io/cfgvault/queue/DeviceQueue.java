package io.cfgvault.queue;

import java.util.List;

/** Where the orchestrator puts device work: SQS in AWS, ElasticMQ locally. */
public interface DeviceQueue {
    void send(List<DeviceTask> tasks);
}
