package io.cfgvault.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * AWS-mode credentials: secret {@code <prefix><credentials>} holding JSON
 * {@code {"username":..,"password":..,"privateKey":..,"passphrase":..,"enableSecret":..}}. Each secret is read once
 * per {@link #CACHE_TTL} per container, so 10,000 devices sharing one credentials entry cost one GetSecretValue per
 * warm worker, and a rotated password is picked up within the TTL without a redeploy.
 */
public final class SecretsManagerCredentials implements CredentialsResolver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecretsManagerClient client;
    private final String prefix;
    /** How long a container reuses a secret it read: longer than a job, short enough for rotation. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(15);

    private record Cached(Credentials credentials, Instant readAt) {}

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    public SecretsManagerCredentials(SecretsManagerClient client, String prefix) {
        this(client, prefix, Clock.systemUTC());
    }

    public SecretsManagerCredentials(SecretsManagerClient client, String prefix, Clock clock) {
        this.client = client;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public Credentials resolve(Device device) {
        Instant now = clock.instant();
        return cache.compute(device.credentials(), (ref, cached) -> cached != null && now.isBefore(cached.readAt().plus(CACHE_TTL))
                ? cached : new Cached(load(device, ref), now)).credentials();
    }

    private Credentials load(Device device, String ref) {
        String id = prefix + ref;
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(id)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("device '" + device.name() + "': secret '" + id + "' does not exist");
        }
        try {
            JsonNode n = JSON.readTree(text);
            String user = n.path("username").asText("");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("device '" + device.name() + "': secret '" + id + "' has no 'username'");
            }
            return new Credentials(user, field(n, "password"), field(n, "privateKey"), field(n, "passphrase"), field(n, "enableSecret"));
        } catch (java.io.IOException e) {
            // never echo the secret text: it may be a password typed as plain text
            throw new IllegalArgumentException("device '" + device.name() + "': secret '" + id + "' is not a JSON object");
        }
    }

    private static Optional<String> field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
