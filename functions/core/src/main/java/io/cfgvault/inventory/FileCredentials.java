package io.cfgvault.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Local-mode credentials: the inventory file's {@code credentials} section, secrets from env vars or key files. */
public final class FileCredentials implements CredentialsResolver {
    private final Map<String, InventoryFile.CredentialSpec> specs;
    private final Map<String, String> env;
    private final Path baseDir;

    public FileCredentials(Map<String, InventoryFile.CredentialSpec> specs, Map<String, String> env, Path baseDir) {
        this.specs = Map.copyOf(specs);
        this.env = Map.copyOf(env);
        this.baseDir = baseDir;
    }

    @Override
    public Credentials resolve(Device device) {
        var spec = specs.get(device.credentials());
        if (spec == null) {
            throw new IllegalArgumentException("device '" + device.name() + "': credentials '" + device.credentials()
                    + "' are not defined in the inventory file");
        }
        Optional<String> password = spec.password().or(() -> spec.passwordEnv().map(v -> variable(device, spec, v)));
        Optional<String> key = spec.privateKeyFile().map(f -> {
            // "~/" as a shell would expand it; other relative paths are relative to the inventory file
            Path p = f.startsWith("~/") ? Path.of(System.getProperty("user.home"), f.substring(2)) : baseDir.resolve(f);
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new IllegalArgumentException("device '" + device.name() + "': cannot read private key file " + p
                        + " of credentials '" + spec.name() + "'");
            }
        });
        return new Credentials(spec.username(), password, key, spec.passphraseEnv().map(v -> variable(device, spec, v)),
                spec.enableSecret().or(() -> spec.enableSecretEnv().map(v -> variable(device, spec, v))));
    }

    private String variable(Device device, InventoryFile.CredentialSpec spec, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("device '" + device.name() + "': environment variable " + name
                    + " (credentials '" + spec.name() + "') is not set");
        }
        return v;
    }
}
