package io.cfgvault.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The destinations' last results, kept as metadata (JSON Lines, one destination a line): what operators query,
 * and what a destination still owes after a failure, so that the next job delivers it and nothing is lost.
 */
final class DestinationStatus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;
    private final String key;

    DestinationStatus(ObjectStore store, String key) {
        this.store = store;
        this.key = key;
    }

    /** Devices and tables each destination still owes, by destination name. */
    record Owed(List<String> devices, List<String> tables) {
        static final Owed NOTHING = new Owed(List.of(), List.of());
    }

    Map<String, Owed> owed() {
        var out = new HashMap<String, Owed>();
        var in = store.open(key);
        if (in.isEmpty()) {
            return out;
        }
        try (InputStream s = in.get()) {
            for (String line : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                out.put(n.path("destination").asText(), new Owed(strings(n.path("pendingDevices")), strings(n.path("pendingTables"))));
            }
        } catch (IOException | RuntimeException e) {
            // A damaged status file must not stop deliveries; the next success rewrites it.
            return out;
        }
        return out;
    }

    void write(List<DestinationResult> results) {
        var sb = new StringBuilder();
        try {
            for (var r : results) {
                sb.append(JSON.writeValueAsString(r.toMap())).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.put(key, sb.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", Map.of());
    }

    private static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
