package io.cfgvault.destinations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a credentials reference ({@code env:VAR}, {@code file:PATH}, {@code secret:NAME}) into the secret it names.
 * Errors name the reference, never the value.
 */
public interface SecretReader {
    String read(String reference);

    /** After a failed delivery: the next read of this reference asks its source again (a secret may have rotated). */
    default void forget(String reference) {
    }

    /**
     * Local references: environment variables and files ({@code ~/} is the home directory). {@code secret:} goes to
     * {@code secrets} when given (Secrets Manager in AWS), else it is refused with a hint.
     */
    static SecretReader of(Map<String, String> environment, Function<String, String> secrets) {
        SecretReader reader = local(environment, secrets);
        if (!(secrets instanceof CachedSecrets cached)) {
            return reader;
        }
        return new SecretReader() {
            @Override
            public String read(String reference) {
                return reader.read(reference);
            }

            @Override
            public void forget(String reference) {
                if (reference.startsWith("secret:")) {
                    cached.forget(reference.substring("secret:".length()));
                }
            }
        };
    }

    private static SecretReader local(Map<String, String> environment, Function<String, String> secrets) {
        return reference -> {
            int colon = reference.indexOf(':');
            String scheme = colon < 0 ? "" : reference.substring(0, colon);
            String name = colon < 0 ? reference : reference.substring(colon + 1);
            switch (scheme) {
                case "env" -> {
                    String v = environment.get(name);
                    if (v == null || v.isEmpty()) {
                        throw new IllegalArgumentException("credentials '" + reference + "': environment variable " + name + " is not set");
                    }
                    return v;
                }
                case "file" -> {
                    Path p = Path.of(name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name);
                    try {
                        return Files.readString(p).strip();
                    } catch (IOException e) {
                        throw new IllegalArgumentException("credentials '" + reference + "': cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
                    }
                }
                case "secret" -> {
                    if (secrets == null) {
                        throw new IllegalArgumentException("credentials '" + reference + "': Secrets Manager is not available here; use env:VAR or file:PATH locally");
                    }
                    return secrets.apply(name);
                }
                default -> throw new IllegalArgumentException("credentials '" + reference + "' must start with env:, file: or secret:");
            }
        };
    }
}
