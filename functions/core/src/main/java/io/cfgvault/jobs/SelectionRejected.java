package io.cfgvault.jobs;

import java.util.List;

/**
 * A backup selection refused before any job exists: it names devices the inventory does not hold, or it matches no
 * enabled device. The message is the one the caller shows; {@link #unknown()} lists the names that were not found.
 */
public final class SelectionRejected extends IllegalArgumentException {
    /** Why the selection was refused. */
    public enum Reason { UNKNOWN_DEVICES, NO_MATCH }

    private final Reason reason;
    private final List<String> unknown;

    SelectionRejected(Reason reason, String message, List<String> unknown) {
        super(message);
        this.reason = reason;
        this.unknown = List.copyOf(unknown);
    }

    public Reason reason() {
        return reason;
    }

    /** The selected names the inventory does not hold (empty for {@link Reason#NO_MATCH}). */
    public List<String> unknown() {
        return unknown;
    }
}
