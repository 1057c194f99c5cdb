package io.cfgvault.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit log (port): who did what to which target, when, with what result. */
public interface AuditLog {
    /** Records an entry; {@code details} must hold no secrets or config content. */
    void record(String actor, String action, String target, String result, Map<String, String> details);

    /** Entries newest first, optionally since a time and for one actor. */
    List<Map<String, Object>> list(Optional<Instant> since, Optional<String> actor, int limit);
}
