package io.cfgvault.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Builds Lambda event objects from JSON payloads with the Lambda runtime's own serializers. */
public final class LambdaEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEvents() {}

    /** An EventBridge "Scheduled Event" from a payload file, with its {@code time} set to {@code time}. */
    public static ScheduledEvent scheduledEvent(Path payload, Instant time) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(Files.readString(payload));
        node.put("time", time.toString());
        return LambdaEventSerializers.serializerFor(ScheduledEvent.class, LambdaEvents.class.getClassLoader())
                .fromJson(JSON.writeValueAsString(node));
    }
}
