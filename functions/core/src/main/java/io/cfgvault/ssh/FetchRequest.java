package io.cfgvault.ssh;

import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import java.time.Duration;
import java.util.List;

/**
 * Everything one fetch needs. The options are already resolved (device > group > model > platform > global) and
 * the fetcher reads limits and algorithms from them only.
 *
 * @param options connect timeout (TCP connect plus SSH handshake per attempt), idle timeout (longest silence while
 *                waiting for output), wall limit (the whole fetch including retries; the device is cut off at it),
 *                connection attempts (refused/timed-out connects; auth failures never retry) and algorithms
 * @param jumps   the jump hosts to go through, first to last (empty: the device is reached directly); the time
 *                limits cover the whole chain
 */
public record FetchRequest(Device device, Credentials credentials, PlatformProfile profile, Options options, List<Hop> jumps) {

    public FetchRequest {
        jumps = jumps == null ? List.of() : List.copyOf(jumps);
    }

    /** A request for a device reached directly. */
    public FetchRequest(Device device, Credentials credentials, PlatformProfile profile, Options options) {
        this(device, credentials, profile, options, List.of());
    }

    /** A request with explicit limits over the device's and profile's own options (tests, benchmarks). */
    public FetchRequest(Device device, Credentials credentials, PlatformProfile profile, Duration connectTimeout,
                        Duration idleTimeout, Duration wallLimit, int maxAttempts) {
        this(device, credentials, profile, Options.of(device, profile).withLimits(connectTimeout, idleTimeout, wallLimit, maxAttempts));
    }

    public Duration connectTimeout() {
        return options.connectTimeout();
    }

    public Duration idleTimeout() {
        return options.idleTimeout();
    }

    public Duration wallLimit() {
        return options.wallLimit();
    }

    public int maxAttempts() {
        return options.maxAttempts();
    }

    /** The same request running other commands with another wall limit (a restore pushing lines). */
    public FetchRequest with(PlatformProfile otherProfile, Duration otherWallLimit) {
        return new FetchRequest(device, credentials, otherProfile,
                options.withLimits(connectTimeout(), idleTimeout(), otherWallLimit, maxAttempts()), jumps);
    }

    /** The same request through these jump hosts. */
    public FetchRequest through(List<Hop> hops) {
        return new FetchRequest(device, credentials, profile, options, hops);
    }
}
