package io.cfgvault.events;

import java.util.Map;

/**
 * Publishes job and change events ({@code Backup Job Completed}, {@code Backup Job Failed},
 * {@code Device Config Changed}) with source {@code cfgvault}. Details never hold config content or secrets.
 */
public interface EventPublisher {
    String SOURCE = "cfgvault";
    String JOB_COMPLETED = "Backup Job Completed";
    String JOB_FAILED = "Backup Job Failed";
    String CONFIG_CHANGED = "Device Config Changed";

    EventPublisher NONE = (type, detail) -> { };

    void publish(String detailType, Map<String, Object> detail);
}
