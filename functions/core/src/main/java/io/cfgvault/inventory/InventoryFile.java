package io.cfgvault.inventory;

import io.cfgvault.store.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The inventory file of local mode and imports (DESIGN.md): a {@code credentials} map, a {@code jumpHosts} map and a
 * {@code devices} list. Every problem is reported with the device (or credentials entry) and field it concerns.
 */
public record InventoryFile(List<Device> devices, Map<String, CredentialSpec> credentials, JumpHosts jumpHosts) {
    private static final Set<String> DEVICE_FIELDS = Set.of("name", "host", "port", "platform", "model", "group",
            "credentials", "enabled", "hostKey", "options", "jump");
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("username", "password", "passwordEnv", "privateKeyFile",
            "passphraseEnv", "enableSecret", "enableSecretEnv");

    /**
     * One credentials entry. Secrets are given inline ({@code password}) or, better, by reference: an environment
     * variable ({@code passwordEnv}) or a key file ({@code privateKeyFile}).
     */
    public record CredentialSpec(String name, String username, Optional<String> password, Optional<String> passwordEnv,
                                 Optional<String> privateKeyFile, Optional<String> passphraseEnv,
                                 Optional<String> enableSecret, Optional<String> enableSecretEnv) {
        /** An entry with an inline password and nothing else. */
        public static CredentialSpec inline(String name, String username, String password) {
            return new CredentialSpec(name, username, Optional.of(password), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public String toString() {
            return "CredentialSpec[" + name + ", username=" + username + "]";
        }
    }

    public static InventoryFile read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    @SuppressWarnings("unchecked")
    public static InventoryFile parse(String text, String source) {
        Object root;
        try {
            var options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(source + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'devices' (and optionally 'credentials')");
        }
        for (Object key : top.keySet()) {
            if (!"devices".equals(key) && !"credentials".equals(key) && !"jumpHosts".equals(key)) {
                throw new IllegalArgumentException(source + ": unknown top-level field '" + key
                        + "'; expected 'devices', 'credentials' or 'jumpHosts'");
            }
        }
        var creds = new LinkedHashMap<String, CredentialSpec>();
        Object credsNode = top.get("credentials");
        if (credsNode != null) {
            if (!(credsNode instanceof Map<?, ?> cm)) {
                throw new IllegalArgumentException(source + ": 'credentials' must be a mapping of name -> {username, ...}");
            }
            for (var e : ((Map<Object, Object>) cm).entrySet()) {
                String name = String.valueOf(e.getKey());
                creds.put(name, credential(source, name, e.getValue()));
            }
        }
        JumpHosts jumpHosts = JumpHosts.parse(top.get("jumpHosts"), source);
        for (var j : jumpHosts.byName().values()) {
            if (!creds.isEmpty() && !creds.containsKey(j.credentials())) {
                throw new IllegalArgumentException(source + ": jump host '" + j.name() + "': credentials '" + j.credentials()
                        + "' are not defined under 'credentials'");
            }
        }
        Object devicesNode = top.get("devices");
        if (!(devicesNode instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": 'devices' must be a list");
        }
        var devices = new ArrayList<Device>();
        var names = new HashSet<String>();
        int index = 0;
        for (Object node : list) {
            Device d = device(source, index++, node, creds, jumpHosts);
            if (!names.add(d.name())) {
                throw new IllegalArgumentException(source + ": device '" + d.name() + "' appears twice");
            }
            devices.add(d);
        }
        return new InventoryFile(List.copyOf(devices), Map.copyOf(creds), jumpHosts);
    }

    private static CredentialSpec credential(String source, String name, Object node) {
        String where = source + ": credentials '" + name + "'";
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be a mapping with username and password, passwordEnv or privateKeyFile");
        }
        for (Object k : m.keySet()) {
            if (!CREDENTIAL_FIELDS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown field '" + k + "'; expected one of " + new java.util.TreeSet<>(CREDENTIAL_FIELDS));
            }
        }
        String username = opt(m, "username").orElseThrow(() -> new IllegalArgumentException(where + ": 'username' is missing"));
        var spec = new CredentialSpec(name, username, opt(m, "password"), opt(m, "passwordEnv"), opt(m, "privateKeyFile"),
                opt(m, "passphraseEnv"), opt(m, "enableSecret"), opt(m, "enableSecretEnv"));
        if (spec.password().isEmpty() && spec.passwordEnv().isEmpty() && spec.privateKeyFile().isEmpty()) {
            throw new IllegalArgumentException(where + ": give one of password, passwordEnv or privateKeyFile");
        }
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Device device(String source, int index, Object node, Map<String, CredentialSpec> creds, JumpHosts jumpHosts) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(source + ": devices[" + index + "] must be a mapping");
        }
        String name = opt(m, "name").orElseThrow(() -> new IllegalArgumentException(source + ": devices[" + index + "] has no 'name'"));
        String where = source + ": device '" + name + "'";
        Names.deviceNameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(source + ": devices[" + index + "].name: " + problem);
        });
        for (Object k : m.keySet()) {
            if (!DEVICE_FIELDS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown field '" + k + "'; expected one of " + new java.util.TreeSet<>(DEVICE_FIELDS));
            }
        }
        String host = opt(m, "host").orElseThrow(() -> new IllegalArgumentException(where + ": 'host' is missing"));
        int port = 22;
        Object p = m.get("port");
        if (p != null) {
            if (!(p instanceof Integer n) || n < 1 || n > 65535) {
                throw new IllegalArgumentException(where + ": 'port' must be a number from 1 to 65535, got '" + p + "'");
            }
            port = n;
        }
        String platform = opt(m, "platform").orElseThrow(() -> new IllegalArgumentException(where + ": 'platform' is missing (e.g. cisco_ios)"));
        String credentials = opt(m, "credentials").orElseThrow(() -> new IllegalArgumentException(where + ": 'credentials' is missing"));
        if (!creds.isEmpty() && !creds.containsKey(credentials)) {
            throw new IllegalArgumentException(where + ": credentials '" + credentials + "' are not defined under 'credentials'");
        }
        Object enabled = m.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new IllegalArgumentException(where + ": 'enabled' must be true or false");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Object o = m.get("options");
        if (o != null) {
            if (!(o instanceof Map<?, ?> om)) {
                throw new IllegalArgumentException(where + ": 'options' must be a mapping");
            }
            ((Map<Object, Object>) om).forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        }
        Object jump = m.get("jump");
        if (jump != null) {
            // kept as the device's 'jump' option, so the table, its export and the option layers carry it as they are
            List<String> names = jump instanceof List<?> l ? l.stream().map(String::valueOf).map(String::trim).toList()
                    : List.of(String.valueOf(jump).split(",")).stream().map(String::trim).toList();
            for (String n : names) {
                if (n.isEmpty() || !jumpHosts.byName().isEmpty() && !jumpHosts.byName().containsKey(n)
                        && !n.equals("none")) {
                    throw new IllegalArgumentException(where + ": jump host '" + n + "' is not defined under 'jumpHosts'"
                            + " (defined: " + new java.util.TreeSet<>(jumpHosts.byName().keySet()) + ")");
                }
            }
            options.put(JumpHosts.OPTION, String.join(",", names));
        }
        return new Device(name, host, port, platform, opt(m, "model").orElse(""), opt(m, "group").orElse(""),
                credentials, enabled == null || (Boolean) enabled, opt(m, "hostKey"), options);
    }

    private static Optional<String> opt(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
