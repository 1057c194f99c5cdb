package io.cfgvault.destinations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@code secret:NAME} references of destinations: each secret is read once per {@link #TTL} per container, so a
 * job whose destinations share a token costs one GetSecretValue, and so do the jobs after it until the TTL ends.
 * A delivery that fails forgets the secret, so that a rotated token is read again by the retry.
 */
public final class CachedSecrets implements Function<String, String> {
    /** Longer than a job, short enough that a rotated secret is picked up without a redeploy. */
    public static final Duration TTL = Duration.ofMinutes(15);

    private record Entry(String value, Instant readAt) {}

    private final Function<String, String> load;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code load} reads a secret's current value by name (Secrets Manager's SecretString). */
    public CachedSecrets(Function<String, String> load, Clock clock) {
        this.load = load;
        this.clock = clock;
    }

    @Override
    public String apply(String name) {
        Instant now = clock.instant();
        return entries.compute(name, (n, e) -> e != null && now.isBefore(e.readAt().plus(TTL)) ? e : new Entry(load.apply(n), now)).value();
    }

    /** Drops a secret, so that the next read asks Secrets Manager again. */
    public void forget(String name) {
        entries.remove(name);
    }
}
