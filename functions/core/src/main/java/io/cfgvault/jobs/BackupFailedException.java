package io.cfgvault.jobs;

/** A job could not run at all (a store or table unreachable); the message names the endpoint and what to check. */
public final class BackupFailedException extends RuntimeException {
    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
