package io.cfgvault.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.events.EventPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Local stand-in for EventBridge: appends each event, in EventBridge's envelope shape, to a JSON Lines file. */
public final class FileEventPublisher implements EventPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public FileEventPublisher(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void publish(String detailType, Map<String, Object> detail) {
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("version", "0");
        envelope.put("detail-type", detailType);
        envelope.put("source", SOURCE);
        envelope.put("time", Instant.now().toString());
        envelope.put("detail", detail);
        try {
            Files.writeString(file, JSON.writeValueAsString(envelope) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
