package io.cfgvault.local.cmdb;

/** A query the engine refused or could not run; the message is the engine's own, with the position where it has one. */
public final class CmdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CmdbException(String message) {
        super(message);
    }

    public CmdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
