package io.cfgvault.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One device of one job, as carried by a queue message. */
public record DeviceTask(String jobId, String device) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException for a body that is not a device task */
    public static DeviceTask fromJson(String body) {
        try {
            DeviceTask t = JSON.readValue(body, DeviceTask.class);
            if (t.jobId() == null || t.device() == null) {
                throw new IllegalArgumentException("message body lacks jobId or device");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("message body is not a device task: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
