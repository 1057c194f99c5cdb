package io.cfgvault.tables;

/** A table document that cannot be imported; names the source, line and field, and nothing was written. */
public final class TableImportException extends RuntimeException {
    private final String source;
    private final int line;
    private final String field;

    public TableImportException(String source, int line, String field, String problem) {
        super(source + ":" + line + (field.isEmpty() ? "" : ": " + field) + ": " + problem
                + " (nothing was imported)");
        this.source = source;
        this.line = line;
        this.field = field;
    }

    public String source() {
        return source;
    }

    /** 1-based line in the source document. */
    public int line() {
        return line;
    }

    /** Path of the offending field, for example {@code items[3].port}. */
    public String field() {
        return field;
    }
}
