package io.cfgvault.tables;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The application's DynamoDB tables, with their key attributes (all string keys). */
public enum AppTable {
    CONFIGURATION("key", true),
    SCHEDULER("id", true),
    INVENTORY("name", true),
    JOBS("id", false),
    AUDIT("id", false);

    private final String hashKey;
    private final boolean backedUp;

    AppTable(String hashKey, boolean backedUp) {
        this.hashKey = hashKey;
        this.backedUp = backedUp;
    }

    /** Logical name, as used in S3 keys and documents: {@code configuration}, {@code scheduler}, ... */
    public String logicalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String hashKey() {
        return hashKey;
    }

    /** Whether the table is exported to S3 by every backup job. */
    public boolean backedUp() {
        return backedUp;
    }

    /**
     * Attributes that change on every run (the inventory's per-device backup state): exported, but left out of
     * change detection so that a check that found nothing new does not add an archive copy.
     */
    public java.util.Set<String> volatileAttributes() {
        return this == INVENTORY ? java.util.Set.of("state") : java.util.Set.of();
    }

    public static List<AppTable> exported() {
        return Arrays.stream(values()).filter(AppTable::backedUp).toList();
    }

    public static Optional<AppTable> byLogicalName(String name) {
        return Arrays.stream(values()).filter(t -> t.logicalName().equals(name)).findFirst();
    }
}
