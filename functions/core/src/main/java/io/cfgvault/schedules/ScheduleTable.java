package io.cfgvault.schedules;

import java.util.List;
import java.util.Optional;

/** The scheduler table's entries (port), read with the same rules as at write time. */
public interface ScheduleTable {
    /**
     * Every entry, enabled or not, by id.
     *
     * @throws ScheduleRejected naming the entry and field when one was written around the API and is malformed
     */
    List<ScheduleEntry> all();

    Optional<ScheduleEntry> get(String id);
}
