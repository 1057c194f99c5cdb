package io.cfgvault.config;

import io.cfgvault.inventory.Device;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-device SSH options resolved from layered maps: device &gt; group &gt; model &gt; platform &gt; global (the first
 * layer that sets a key wins). Keys:
 * <ul>
 *   <li>{@code connectTimeout}, {@code idleTimeout}, {@code wallLimit}: durations ({@code 10s}, {@code 500ms},
 *       {@code 2m}, {@code PT30S}, or plain seconds)</li>
 *   <li>{@code maxAttempts}: connection attempts for refused/timed-out connects</li>
 *   <li>{@code kex}, {@code hostKeyAlgorithms}, {@code ciphers}, {@code macs}, {@code pubkeyAlgorithms}:
 *       comma-separated algorithm lists; {@code +a,b} appends to the defaults, {@code -a} removes from them,
 *       {@code ^a} puts first (as in OpenSSH), anything else replaces them</li>
 *   <li>{@code jump}: the jump hosts to go through, comma-separated, first to last; {@code none} (or {@code -})
 *       on a device cancels a chain its group or model sets</li>
 * </ul>
 */
public final class Options {
    public static final String CONNECT_TIMEOUT = "connectTimeout";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String WALL_LIMIT = "wallLimit";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String KEX = "kex";
    public static final String HOST_KEY_ALGORITHMS = "hostKeyAlgorithms";
    public static final String CIPHERS = "ciphers";
    public static final String MACS = "macs";
    public static final String PUBKEY_ALGORITHMS = "pubkeyAlgorithms";
    /** Jump hosts to go through, first to last, by name ({@code bastion1,bastion2}); see inventory.JumpHosts. */
    public static final String JUMP = io.cfgvault.inventory.JumpHosts.OPTION;

    public static final Set<String> KEYS = Set.of(CONNECT_TIMEOUT, IDLE_TIMEOUT, WALL_LIMIT, MAX_ATTEMPTS,
            KEX, HOST_KEY_ALGORITHMS, CIPHERS, MACS, PUBKEY_ALGORITHMS, JUMP);
    public static final Set<String> ALGORITHM_KEYS = Set.of(KEX, HOST_KEY_ALGORITHMS, CIPHERS, MACS, PUBKEY_ALGORITHMS);

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WALL_LIMIT = Duration.ofSeconds(180);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Resolves the layers, most specific first. Null or empty maps are skipped; keys other than {@link #KEYS} are
     * kept (callers may carry their own) but not interpreted here.
     */
    public static Options resolve(Map<String, String> device, Map<String, String> group, Map<String, String> model,
                                  Map<String, String> platform, Map<String, String> global) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> layer : Arrays.asList(global, platform, model, group, device)) {
            if (layer != null) {
                layer.forEach((k, v) -> {
                    if (k != null && v != null && !v.isBlank()) {
                        out.put(k, v.trim());
                    }
                });
            }
        }
        return new Options(out);
    }

    /** Device options over the profile's options, for callers that have no group/model/global layers. */
    public static Options of(Device device, PlatformProfile profile) {
        return resolve(device.options(), null, null, profile.options(), null);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    public Duration connectTimeout() {
        return duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    public Duration idleTimeout() {
        return duration(IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public Duration wallLimit() {
        return duration(WALL_LIMIT, DEFAULT_WALL_LIMIT);
    }

    public int maxAttempts() {
        return get(MAX_ATTEMPTS).map(v -> parseInt(MAX_ATTEMPTS, v)).orElse(DEFAULT_MAX_ATTEMPTS);
    }

    /** The jump host names to go through, first to last; empty to connect directly. */
    public List<String> jumps() {
        return get(JUMP).filter(v -> !v.equals("none") && !v.equals("-")).map(Options::split).orElse(List.of());
    }

    public Duration duration(String key, Duration dflt) {
        return get(key).map(v -> parseDuration(key, v)).orElse(dflt);
    }

    /** These options with the time limits set explicitly (tests, benchmarks and restores choose their own). */
    public Options withLimits(Duration connectTimeout, Duration idleTimeout, Duration wallLimit, int maxAttempts) {
        var m = new LinkedHashMap<>(values);
        m.put(CONNECT_TIMEOUT, connectTimeout.toMillis() + "ms");
        m.put(IDLE_TIMEOUT, idleTimeout.toMillis() + "ms");
        m.put(WALL_LIMIT, wallLimit.toMillis() + "ms");
        m.put(MAX_ATTEMPTS, Integer.toString(maxAttempts));
        return new Options(m);
    }

    /** The device with its options replaced by these resolved ones (the fetcher reads algorithms from the device). */
    public Device applyTo(Device device) {
        return new Device(device.name(), device.host(), device.port(), device.platform(), device.model(), device.group(),
                device.credentials(), device.enabled(), device.hostKey(), values);
    }

    /**
     * Applies an algorithm option to a default list: {@code +x,y} appends, {@code -x} removes, {@code ^x} prepends,
     * anything else replaces.
     */
    public static String applyAlgorithms(String defaults, String option) {
        if (option == null || option.isBlank()) {
            return defaults;
        }
        String spec = option.trim();
        List<String> base = new java.util.ArrayList<>(split(defaults));
        char first = spec.charAt(0);
        List<String> given = split(spec.substring(first == '+' || first == '-' || first == '^' ? 1 : 0));
        switch (first) {
            case '+' -> given.stream().filter(a -> !base.contains(a)).forEach(base::add);
            case '-' -> base.removeAll(given);
            case '^' -> {
                base.removeAll(given);
                base.addAll(0, given);
            }
            default -> {
                return String.join(",", given);
            }
        }
        return String.join(",", base);
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static Duration parseDuration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Option " + key + ": '" + value + "' is not a duration (e.g. 30s, 500ms, 2m)");
            }
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("Option " + key + ": '" + value + "' is not a duration (e.g. 30s, 500ms, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private static int parseInt(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + key + ": '" + value + "' is not a positive whole number");
        }
    }

    /** Checks that known keys have parseable values; {@code where} names the source in the error. */
    static void validate(Map<String, String> options, String where) {
        options.forEach((k, v) -> {
            try {
                switch (k) {
                    case CONNECT_TIMEOUT, IDLE_TIMEOUT, WALL_LIMIT -> parseDuration(k, v);
                    case MAX_ATTEMPTS -> parseInt(k, v);
                    default -> {
                        if (!KEYS.contains(k)) {
                            throw new IllegalArgumentException("unknown option '" + k + "' (known: "
                                    + KEYS.stream().sorted().toList() + ")");
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid options in " + where + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String toString() {
        return "Options" + values;
    }
}
