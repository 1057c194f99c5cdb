package io.cfgvault.inventory.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Where the API finds a NetBox/Nautobot token, since an API caller never sends one: the environment variable
 * {@code CFGVAULT_NETBOX_TOKEN} / {@code CFGVAULT_NAUTOBOT_TOKEN} (local {@code serve}), else the Secrets Manager
 * secret {@code <secret prefix>inventory/netbox} / {@code .../nautobot} (AWS), as plain text or {@code {"token": ...}}.
 */
public final class SourceTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final Supplier<SecretsManagerClient> secrets;
    private final String prefix;

    public SourceTokens(Map<String, String> env, Supplier<SecretsManagerClient> secrets, String prefix) {
        this.env = Map.copyOf(env);
        this.secrets = secrets;
        this.prefix = prefix;
    }

    public static String envName(DcimSource.Kind kind) {
        return "CFGVAULT_" + kind.name().toUpperCase(Locale.ROOT) + "_TOKEN";
    }

    public String secretName(DcimSource.Kind kind) {
        return prefix + "inventory/" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** @throws InventorySourceException naming both places when neither has a token */
    public String token(DcimSource.Kind kind) {
        String fromEnv = env.get(envName(kind));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String id = secretName(kind);
        String text;
        try (SecretsManagerClient client = secrets.get()) {
            text = client.getSecretValue(b -> b.secretId(id)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new InventorySourceException("no " + kind.label() + " token: set " + envName(kind) + " or create secret '" + id + "'");
        } catch (SdkException e) {
            throw new InventorySourceException("no " + kind.label() + " token: " + envName(kind) + " is not set and secret '" + id
                    + "' could not be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text).orElseThrow(() -> new InventorySourceException("secret '" + id + "' holds no token"));
    }

    private static Optional<String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(t);
                return Optional.ofNullable(n.get("token")).map(JsonNode::asText).filter(s -> !s.isBlank());
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(t);
    }
}
