package io.cfgvault.schedules;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's time zone for {@code localcron}: the {@code backup.timezone} configuration key, else the zone
 * the deploy chose ({@code CFGVAULT_TIME_ZONE}), else the main city of the deployment's AWS region.
 */
public final class TimeZones {
    /** The configuration key operators write, an IANA name such as {@code Europe/Paris}. */
    public static final String KEY = io.cfgvault.settings.Configuration.TIME_ZONE;

    private static final Map<String, String> BY_REGION = Map.ofEntries(
            Map.entry("us-east-1", "America/New_York"), Map.entry("us-east-2", "America/New_York"),
            Map.entry("us-west-1", "America/Los_Angeles"), Map.entry("us-west-2", "America/Los_Angeles"),
            Map.entry("us-gov-east-1", "America/New_York"), Map.entry("us-gov-west-1", "America/Los_Angeles"),
            Map.entry("ca-central-1", "America/Toronto"), Map.entry("ca-west-1", "America/Edmonton"),
            Map.entry("mx-central-1", "America/Mexico_City"), Map.entry("sa-east-1", "America/Sao_Paulo"),
            Map.entry("eu-west-1", "Europe/Dublin"), Map.entry("eu-west-2", "Europe/London"),
            Map.entry("eu-west-3", "Europe/Paris"), Map.entry("eu-central-1", "Europe/Berlin"),
            Map.entry("eu-central-2", "Europe/Zurich"), Map.entry("eu-north-1", "Europe/Stockholm"),
            Map.entry("eu-south-1", "Europe/Rome"), Map.entry("eu-south-2", "Europe/Madrid"),
            Map.entry("af-south-1", "Africa/Johannesburg"), Map.entry("me-south-1", "Asia/Bahrain"),
            Map.entry("me-central-1", "Asia/Dubai"), Map.entry("il-central-1", "Asia/Jerusalem"),
            Map.entry("ap-east-1", "Asia/Hong_Kong"), Map.entry("ap-south-1", "Asia/Kolkata"),
            Map.entry("ap-south-2", "Asia/Kolkata"), Map.entry("ap-northeast-1", "Asia/Tokyo"),
            Map.entry("ap-northeast-2", "Asia/Seoul"), Map.entry("ap-northeast-3", "Asia/Tokyo"),
            Map.entry("ap-southeast-1", "Asia/Singapore"), Map.entry("ap-southeast-2", "Australia/Sydney"),
            Map.entry("ap-southeast-3", "Asia/Jakarta"), Map.entry("ap-southeast-4", "Australia/Melbourne"),
            Map.entry("ap-southeast-5", "Asia/Kuala_Lumpur"), Map.entry("ap-southeast-7", "Asia/Bangkok"),
            Map.entry("cn-north-1", "Asia/Shanghai"), Map.entry("cn-northwest-1", "Asia/Shanghai"));

    private TimeZones() {
    }

    /** The zone a region's operators most likely live in; UTC for regions this table does not know. */
    public static ZoneId forRegion(String region) {
        return ZoneId.of(BY_REGION.getOrDefault(region, "UTC"));
    }

    /**
     * An IANA zone name as EventBridge Scheduler accepts it (offsets like {@code +02:00} are refused: they do
     * not follow daylight saving).
     *
     * @throws IllegalArgumentException naming the value
     */
    public static ZoneId parse(String name) {
        String n = name == null ? "" : name.trim();
        if (!ZoneId.getAvailableZoneIds().contains(n)) {
            throw new IllegalArgumentException("'" + n + "' is not a time zone; write an IANA name such as Europe/Paris,"
                    + " America/New_York or UTC");
        }
        return ZoneId.of(n);
    }

    /** The deployment's zone from the configuration key, else the deploy's choice, else the region's. */
    public static ZoneId resolve(Optional<String> configured, Optional<String> deployDefault, String region) {
        if (configured.isPresent()) {
            try {
                return parse(configured.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key '" + KEY + "': " + e.getMessage());
            }
        }
        return deployDefault.map(TimeZones::parse).orElseGet(() -> forRegion(region));
    }
}
