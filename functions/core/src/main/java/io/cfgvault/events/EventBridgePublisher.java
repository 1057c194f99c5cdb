package io.cfgvault.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** {@link EventPublisher} on an EventBridge bus. */
public final class EventBridgePublisher implements EventPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventBridgeClient client;
    private final String bus;

    public EventBridgePublisher(EventBridgeClient client, String bus) {
        this.client = client;
        this.bus = bus;
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        String json;
        try {
            json = JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event detail is not serialisable", e);
        }
        var response = client.putEvents(b -> b.entries(e -> e.eventBusName(bus).source(SOURCE).detailType(detailType).detail(json)));
        if (response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge bus " + bus + " rejected a '" + detailType + "' event: "
                    + response.entries().get(0).errorMessage());
        }
    }
}
