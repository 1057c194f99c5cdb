package io.cfgvault.settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Run-time settings from the configuration table ({@code key} -> {@code value}), read once per job through the
 * {@link ConfigurationStore}. Unknown keys are ignored; a malformed value fails with the key named.
 */
public final class Configuration {
    public static final String DEPLOYMENT_NAME = "deployment.name";
    public static final String BACKUP_CRON = "backup.cron";
    /** IANA zone that localcron schedules are read in (see io.cfgvault.schedules.TimeZones). */
    public static final String TIME_ZONE = "backup.timezone";
    public static final String SCHEDULE_ALL = "backup.scheduleAll";
    public static final String RETENTION_VERSIONS = "backup.retention.versions";
    public static final String CONCURRENCY = "backup.concurrency";
    public static final String MAX_SHRINK = "backup.maxShrinkPercent";
    public static final String MASK_SECRETS = "backup.maskSecrets";
    /** How often an unchanged device's latest/ copy is checked (a HEAD); 0 checks on every fetch. */
    public static final String VERIFY_LATEST_EVERY = "backup.verifyLatestEvery";
    public static final String SSH_CONNECT_TIMEOUT = "ssh.connectTimeout";
    public static final String SSH_TIMEOUT = "ssh.timeout";
    public static final String SSH_WALL_LIMIT = "ssh.wallLimit";
    public static final String SSH_ATTEMPTS = "ssh.attempts";
    public static final String EXPORT_SEGMENTS = "export.scanSegments";
    public static final String JOBS_STALE_AFTER = "jobs.staleAfter";
    /** The NetBox / Nautobot instance {@code POST /inventory/sync} reads: the only URL the API sends a token to. */
    public static final String INVENTORY_NETBOX_URL = "inventory.netbox.url";
    public static final String INVENTORY_NAUTOBOT_URL = "inventory.nautobot.url";
    /** Credentials reference for devices an inventory source adds without one. */
    public static final String INVENTORY_CREDENTIALS = "inventory.credentials";
    /** Seconds per NetBox/Nautobot request made by the API. */
    public static final String INVENTORY_TIMEOUT = "inventory.timeout";
    /** NetBox/Nautobot custom fields that get each device's last successful backup time and status after a job. */
    public static final String WRITEBACK_TIME_FIELD = "inventory.writeback.timeField";
    public static final String WRITEBACK_STATUS_FIELD = "inventory.writeback.statusField";

    private final Map<String, String> values;

    public Configuration(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Keys under a prefix, with the prefix removed: {@code ssh.group.campus.kex} -> {@code kex}. */
    public Map<String, String> withPrefix(String prefix) {
        var out = new HashMap<String, String>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback, int min, int max) {
        return get(key).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new IllegalArgumentException("configuration key '" + key + "' is " + n
                            + "; it must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration key '" + key + "' must be a whole number, got '" + v + "'");
            }
        }).orElse(fallback);
    }

    public boolean getBool(String key, boolean fallback) {
        return get(key).map(v -> parseBool(key, v)).orElse(fallback);
    }

    /** A boolean value of {@code key}: true/yes/on or false/no/off, any case; else an error naming the key. */
    public static boolean parseBool(String key, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("configuration key '" + key + "' must be true or false, got '" + value + "'");
        };
    }

    /** Durations as ISO-8601 ({@code PT30S}) or plain seconds ({@code 30}). */
    public Duration getDuration(String key, Duration fallback) {
        return get(key).map(v -> {
            try {
                return v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("configuration key '" + key + "' must be seconds or an ISO-8601 duration like PT30S, got '" + v + "'");
            }
        }).orElse(fallback);
    }
}
