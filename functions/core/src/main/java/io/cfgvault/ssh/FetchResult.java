package io.cfgvault.ssh;

import java.util.List;
import java.util.Optional;

/**
 * Outcome of one fetch. On success {@code output} is the raw command output: echo, prompts and pager
 * artefacts removed, line endings {@code \n}. On failure it may hold what was received before the failure
 * (for diagnosis), and {@code error} says what went wrong without any secret.
 *
 * @param hostKey the key the device presented ({@code <type> <base64>}), for pinning on first contact
 * @param startup the startup config, when the profile reads one and the device gave it (successful fetches only)
 */
public record FetchResult(Status status, String output, List<String> commands, Optional<String> error,
                          Optional<String> hostKey, int attempts, long durationMillis, List<TraceStep> trace,
                          Optional<String> startup) {

    public FetchResult {
        startup = startup == null ? Optional.empty() : startup;
    }

    /** A result without a startup config. */
    public FetchResult(Status status, String output, List<String> commands, Optional<String> error,
                       Optional<String> hostKey, int attempts, long durationMillis, List<TraceStep> trace) {
        this(status, output, commands, error, hostKey, attempts, durationMillis, trace, Optional.empty());
    }

    public enum Status {
        OK,
        /** Could not connect after all attempts (refused, unreachable, timed out). */
        UNREACHABLE,
        AUTH_FAILED,
        HOST_KEY_CHANGED,
        /** Hit the idle or wall-clock limit. */
        TIMEOUT,
        /** Session closed before the output was complete. */
        TRUNCATED,
        /** Device answered with an error pattern of its profile. */
        COMMAND_ERROR,
        /** Anything else (protocol error, algorithm negotiation failure). */
        FAILED
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** One step of a fetch, for the per-device trace: no config content, no secrets. */
    public record TraceStep(long atMillis, String step, String detail) {}
}
