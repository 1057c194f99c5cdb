package io.cfgvault.jobs;

import io.cfgvault.ssh.FetchResult;
import java.util.Locale;

/** How one device's backup ended; {@link #wire()} is the name stored in the jobs table and shown to users. */
public enum DeviceStatus {
    OK,
    /** Could not connect after all attempts. */
    UNREACHABLE,
    AUTH_FAILED,
    HOST_KEY_CHANGED,
    /** Hit the idle or wall-clock limit. */
    TIMEOUT,
    /** The session closed before the output was complete. */
    TRUNCATED,
    /** The device answered with an error pattern of its profile. */
    COMMAND_ERROR,
    /** The output was complete as far as SSH goes but not as a config (end marker missing, shrank too much). */
    INCOMPLETE,
    /** Not fetched: a restore held the device (its config may be half-changed); the next backup fetches it. */
    SKIPPED,
    /** Queued but never reported: its worker died or the message went to the dead-letter queue. */
    NO_RESULT,
    /** Anything else: unknown platform, credentials, storage trouble, protocol errors. */
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean ok() {
        return this == OK;
    }

    public static DeviceStatus of(FetchResult.Status status) {
        return valueOf(status.name());
    }

    /** The status stored under {@code wire}; FAILED for anything unknown (an item written by a newer version). */
    public static DeviceStatus fromWire(String wire) {
        for (DeviceStatus s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return FAILED;
    }

    @Override
    public String toString() {
        return wire();
    }
}
