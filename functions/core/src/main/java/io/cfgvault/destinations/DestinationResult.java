package io.cfgvault.destinations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one destination fared after a job: delivered (with the commit or the object count), up to date, or failed
 * with the devices and tables it still owes, which the next job delivers.
 */
public record DestinationResult(String destination, String type, Status status, int attempts, int devices, int tables,
                                Optional<String> commit, Optional<String> error, List<String> pendingDevices,
                                List<String> pendingTables, Instant at) {

    public enum Status { DELIVERED, UP_TO_DATE, FAILED, DISABLED }

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", attempts);
        m.put("devices", devices);
        m.put("tables", tables);
        m.put("commit", commit.orElse(null));
        m.put("error", error.orElse(null));
        m.put("pendingDevices", pendingDevices);
        m.put("pendingTables", pendingTables);
        m.put("at", at.toString());
        return m;
    }
}
