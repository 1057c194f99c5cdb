package io.cfgvault.inventory;

import io.cfgvault.settings.Configuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The jump hosts (bastions) devices may be reached through, by name. They live in the configuration table as
 * {@code jump.<name>.host}, {@code .port}, {@code .credentials} and {@code .hostKey}; an inventory file gives the same
 * as a {@code jumpHosts:} map. A device, group or model names its chain with the option {@code jump: a,b}.
 */
public record JumpHosts(Map<String, JumpHost> byName) {
    public static final String PREFIX = "jump.";
    /** The device/group/model option that names a chain (config.Options.JUMP). */
    public static final String OPTION = "jump";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String CREDENTIALS = "credentials";
    public static final String HOST_KEY = "hostKey";
    private static final Set<String> FIELDS = Set.of(HOST, PORT, CREDENTIALS, HOST_KEY);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern KEY = Pattern.compile("(ssh-|ecdsa-|sk-)[\\w@.-]+\\s+[A-Za-z0-9+/]+={0,2}");

    /** One jump host; its key must be pinned before any device is reached through it. */
    public record JumpHost(String name, String host, int port, String credentials, Optional<String> hostKey) {
        public JumpHost {
            hostKey = hostKey == null ? Optional.empty() : hostKey.map(String::trim).filter(k -> !k.isEmpty());
        }
    }

    public static final JumpHosts NONE = new JumpHosts(Map.of());

    public JumpHosts {
        byName = Map.copyOf(byName);
    }

    /** {@code jump.<name>.<field>}: the configuration key of one field. */
    public static String configKey(String name, String field) {
        return PREFIX + name + "." + field;
    }

    public static JumpHosts from(Configuration config) {
        return fromKeys(config.withPrefix(PREFIX));
    }

    /**
     * From the configuration's {@code jump.} keys with the prefix removed ({@code b1.host -> 10.0.0.9}).
     *
     * @throws IllegalArgumentException naming the configuration key that is wrong
     */
    public static JumpHosts fromKeys(Map<String, String> keys) {
        var fields = new TreeMap<String, Map<String, Object>>();
        keys.forEach((k, v) -> {
            int dot = k.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("configuration key '" + PREFIX + k + "': expected "
                        + PREFIX + "<name>.<field> with field one of " + new TreeSet<>(FIELDS));
            }
            fields.computeIfAbsent(k.substring(0, dot), n -> new LinkedHashMap<>()).put(k.substring(dot + 1), v);
        });
        var out = new LinkedHashMap<String, JumpHost>();
        fields.forEach((name, m) -> out.put(name, jumpHost(name, m, "configuration key '" + PREFIX + name + ".")));
        return new JumpHosts(out);
    }

    /** An inventory file's {@code jumpHosts:} node. */
    public static JumpHosts parse(Object node, String source) {
        if (node == null) {
            return NONE;
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(source + ": 'jumpHosts' must be a mapping of name -> {host, port, credentials, hostKey}");
        }
        var out = new LinkedHashMap<String, JumpHost>();
        for (var e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException(source + ": jump host '" + name + "' must be a mapping with host, credentials and hostKey");
            }
            var typed = new LinkedHashMap<String, Object>();
            fields.forEach((k, v) -> typed.put(String.valueOf(k), v));
            out.put(name, jumpHost(name, typed, source + ": jump host '" + name + "' field '"));
        }
        return new JumpHosts(out);
    }

    private static JumpHost jumpHost(String name, Map<String, Object> m, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where.replaceAll("( field '|\\.)$", "") + "': jump host name '" + name
                    + "' must be letters, digits, '-' or '_' (at most 63)");
        }
        for (String k : m.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new IllegalArgumentException(where + k + "': unknown field; expected one of " + new TreeSet<>(FIELDS));
            }
        }
        String host = text(m.get(HOST)).orElseThrow(() -> new IllegalArgumentException(where + HOST + "' is missing"));
        String creds = text(m.get(CREDENTIALS)).orElseThrow(() -> new IllegalArgumentException(where + CREDENTIALS + "' is missing"));
        int port = 22;
        Optional<String> p = text(m.get(PORT));
        if (p.isPresent()) {
            try {
                port = Integer.parseInt(p.get());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(where + PORT + "' must be a number from 1 to 65535, got '" + p.get() + "'");
            }
        }
        Optional<String> key = text(m.get(HOST_KEY));
        if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
            throw new IllegalArgumentException(where + HOST_KEY + "' must be an OpenSSH public key '<type> <base64>'"
                    + " (as in known_hosts, without the host name)");
        }
        return new JumpHost(name, host, port, creds, key);
    }

    private static Optional<String> text(Object v) {
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v).trim()).filter(s -> !s.isEmpty());
    }

    /** These with {@code over}'s entries replacing same-named ones. */
    public JumpHosts with(JumpHosts over) {
        var m = new LinkedHashMap<>(byName);
        m.putAll(over.byName);
        return new JumpHosts(m);
    }

    /** The configuration keys and values that describe these jump hosts. */
    public Map<String, String> toConfiguration() {
        var out = new TreeMap<String, String>();
        byName.values().forEach(j -> {
            out.put(configKey(j.name(), HOST), j.host());
            out.put(configKey(j.name(), PORT), Integer.toString(j.port()));
            out.put(configKey(j.name(), CREDENTIALS), j.credentials());
            j.hostKey().ifPresent(k -> out.put(configKey(j.name(), HOST_KEY), k));
        });
        return out;
    }

    /**
     * The jump hosts a device goes through, first to last.
     *
     * @throws IllegalArgumentException naming the device and the jump host that is not defined
     */
    public List<JumpHost> chain(String device, List<String> names) {
        var out = new ArrayList<JumpHost>();
        for (String n : names) {
            JumpHost j = byName.get(n);
            if (j == null) {
                throw new IllegalArgumentException("device '" + device + "': jump host '" + n + "' is not defined"
                        + " (configuration keys " + configKey(n, HOST) + ", " + configKey(n, CREDENTIALS) + ", "
                        + configKey(n, HOST_KEY) + ", or the inventory file's jumpHosts); defined: "
                        + new TreeSet<>(byName.keySet()));
            }
            if (out.contains(j)) {
                throw new IllegalArgumentException("device '" + device + "': jump host '" + n + "' appears twice in its chain " + names);
            }
            out.add(j);
        }
        return out;
    }
}
