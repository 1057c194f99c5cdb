package io.cfgvault.inventory.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * After a job, writes each device's last successful backup time and status into NetBox/Nautobot custom fields
 * (configuration keys {@code inventory.writeback.timeField} / {@code inventory.writeback.statusField}), for the
 * devices a NetBox/Nautobot sync brought in, with one bulk PATCH per 100 devices. Never throws: what could not
 * be written is described in the returned note, which the job keeps.
 */
public final class WriteBack {
    static final int BATCH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InventoryStore inventory;
    private final Supplier<Configuration> configuration;
    private final Supplier<SourceTokens> tokens;

    public WriteBack(InventoryStore inventory, Supplier<Configuration> configuration, Supplier<SourceTokens> tokens) {
        this.inventory = inventory;
        this.configuration = configuration;
        this.tokens = tokens;
    }

    /** The note for the job ({@code netbox https://nb: 40 written; 2 failed: ...}), or empty when not configured. */
    public Optional<String> run(Collection<String> devices) {
        try {
            Configuration config = configuration.get();
            Optional<String> timeField = config.get(Configuration.WRITEBACK_TIME_FIELD);
            Optional<String> statusField = config.get(Configuration.WRITEBACK_STATUS_FIELD);
            if (timeField.isEmpty() && statusField.isEmpty() || devices.isEmpty()) {
                return Optional.empty();
            }
            Map<String, InventoryStore.Origin> origins = inventory.origins();
            Map<String, InventoryStore.Entry> entries = inventory.getAll(devices);
            var bySource = new LinkedHashMap<String, List<ObjectNode>>();
            for (String name : devices) {
                InventoryStore.Origin origin = origins.get(name);
                InventoryStore.Entry entry = entries.get(name);
                if (origin == null || origin.ref().isEmpty() || entry == null || kind(origin.source()).isEmpty()) {
                    continue;
                }
                ObjectNode fields = JSON.createObjectNode();
                timeField.ifPresent(f -> entry.state().lastSuccessAt().ifPresent(t -> fields.put(f, t.toString())));
                statusField.ifPresent(f -> fields.put(f, entry.state().status()));
                if (fields.isEmpty()) {
                    continue;
                }
                ObjectNode patch = JSON.createObjectNode();
                if (origin.ref().matches("\\d+")) {
                    patch.put("id", Long.parseLong(origin.ref()));
                } else {
                    patch.put("id", origin.ref());
                }
                patch.set("custom_fields", fields);
                bySource.computeIfAbsent(origin.source(), k -> new ArrayList<>()).add(patch);
            }
            var notes = new ArrayList<String>();
            for (var e : bySource.entrySet()) {
                notes.add(write(e.getKey(), e.getValue(), config));
            }
            return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
        } catch (RuntimeException e) {
            return Optional.of("write-back failed: " + e.getMessage());
        }
    }

    private String write(String source, List<ObjectNode> patches, Configuration config) {
        DcimSource.Kind kind = kind(source).orElseThrow();
        URI base = URI.create(source.substring(source.indexOf(' ') + 1));
        int written = 0;
        var failures = new ArrayList<String>();
        try (SourceApi api = new SourceApi(kind.label(), base, tokens.get().token(kind),
                Duration.ofSeconds(config.getInt(Configuration.INVENTORY_TIMEOUT, 30, 1, 300)))) {
            for (int i = 0; i < patches.size(); i += BATCH) {
                List<ObjectNode> batch = patches.subList(i, Math.min(patches.size(), i + BATCH));
                ArrayNode body = JSON.createArrayNode().addAll(batch);
                try {
                    api.patch(URI.create(base + "/api/dcim/devices/"), body);
                    written += batch.size();
                } catch (InventorySourceException e) {
                    failures.add(batch.size() + " devices: " + e.getMessage());
                }
            }
        } catch (InventorySourceException e) {
            failures.add(patches.size() - written + " devices: " + e.getMessage());
        }
        return source + ": " + written + " written" + (failures.isEmpty() ? "" : "; not written: " + String.join("; ", failures));
    }

    private static Optional<DcimSource.Kind> kind(String source) {
        int space = source.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(DcimSource.Kind.parse(source.substring(0, space)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
