package io.cfgvault.ssh;

/** Internal: ends a fetch with a status and a user-facing message (never containing secrets or config text). */
final class FetchFailure extends Exception {
    private final FetchResult.Status status;
    private final boolean retryable;

    FetchFailure(FetchResult.Status status, String message) {
        this(status, message, false);
    }

    FetchFailure(FetchResult.Status status, String message, boolean retryable) {
        super(message, null, false, false);
        this.status = status;
        this.retryable = retryable;
    }

    FetchResult.Status status() {
        return status;
    }

    boolean retryable() {
        return retryable;
    }
}
