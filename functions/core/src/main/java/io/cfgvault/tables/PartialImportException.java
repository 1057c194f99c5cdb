package io.cfgvault.tables;

import java.util.List;

/**
 * A validated import whose writes failed part-way (DynamoDB unavailable, throttled past the retries). Says
 * exactly how far it got: the items written (by document position and key) and what was left, so the caller can
 * re-run the same import (it is idempotent) or restore the previous export.
 */
public final class PartialImportException extends RuntimeException {
    private final String source;
    private final long written;
    private final long deleted;
    private final List<String> writtenKeys;

    public PartialImportException(String source, String table, long written, long total, List<String> writtenKeys,
                                  boolean keysComplete, long deleted, String cause, Throwable error) {
        super(table + " import of " + source + " failed part-way: " + written + " of " + total + " items were written"
                + (writtenKeys.isEmpty() ? "" : " (keys " + describe(writtenKeys, keysComplete) + ")")
                + (deleted > 0 ? " and " + deleted + " absent items deleted" : "")
                + "; the rest were not. Cause: " + cause + ". Importing the same document again completes it.", error);
        this.source = source;
        this.written = written;
        this.deleted = deleted;
        this.writtenKeys = List.copyOf(writtenKeys);
    }

    private static String describe(List<String> keys, boolean complete) {
        int shown = Math.min(keys.size(), 20);
        return String.join(", ", keys.subList(0, shown)) + (shown < keys.size() || !complete ? ", ..." : "");
    }

    public String source() {
        return source;
    }

    public long written() {
        return written;
    }

    public long deleted() {
        return deleted;
    }

    /** Keys of the written items, in the order written (the first ones, when there were very many). */
    public List<String> writtenKeys() {
        return writtenKeys;
    }
}
