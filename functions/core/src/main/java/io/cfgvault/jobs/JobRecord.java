package io.cfgvault.jobs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as kept in the jobs table: status, counts and the tables it exported.
 *
 * @param writeBack what writing the results back to NetBox/Nautobot did, when that is configured
 */
public record JobRecord(String id, String trigger, String status, String actor, Map<String, String> selector,
                        int total, int done, int succeeded, int failed, int changed, int unchanged,
                        Instant startedAt, Optional<Instant> finishedAt, List<String> devices,
                        List<Map<String, Object>> tables, Map<String, String> partition, Optional<String> error,
                        Optional<String> writeBack) {

    public boolean finished() {
        return !status.equals("queued") && !status.equals("running");
    }

    public Map<String, Object> toMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("jobId", id);
        m.put("trigger", trigger);
        m.put("status", status);
        m.put("actor", actor);
        m.put("selector", selector);
        m.put("counts", Map.of("total", total, "done", done, "succeeded", succeeded, "failed", failed,
                "changed", changed, "unchanged", unchanged));
        m.put("startedAt", startedAt.toString());
        m.put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
        m.put("tables", tables);
        error.ifPresent(e -> m.put("error", e));
        writeBack.ifPresent(w -> m.put("writeBack", w));
        return m;
    }
}
