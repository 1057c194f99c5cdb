package io.cfgvault.inventory.source;

import io.cfgvault.settings.Configuration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source's platform names (NetBox/Nautobot platform slugs, Oxidized model names) to profile names. Defaults cover
 * the common names; configuration keys {@code inventory.platform.<slug>} and {@code inventory.oxidized.<model>}
 * add or override entries. A name that already is a profile name ({@code cisco_ios}, or {@code cisco-ios}) maps
 * to itself.
 */
public final class PlatformMap {
    public static final String SLUG_PREFIX = "inventory.platform.";
    public static final String OXIDIZED_PREFIX = "inventory.oxidized.";

    private static final Map<String, String> SLUGS = Map.ofEntries(
            Map.entry("ios", "cisco_ios"), Map.entry("cisco-ios", "cisco_ios"), Map.entry("ios-xe", "cisco_ios"),
            Map.entry("iosxe", "cisco_ios"), Map.entry("cisco-ios-xe", "cisco_ios"), Map.entry("cisco-iosxe", "cisco_ios"),
            Map.entry("cisco_xe", "cisco_ios"),
            Map.entry("nx-os", "cisco_nxos"), Map.entry("nxos", "cisco_nxos"), Map.entry("cisco-nx-os", "cisco_nxos"),
            Map.entry("cisco-nxos", "cisco_nxos"),
            Map.entry("asa", "cisco_asa"), Map.entry("cisco-asa", "cisco_asa"),
            Map.entry("eos", "arista_eos"), Map.entry("arista-eos", "arista_eos"),
            Map.entry("junos", "juniper_junos"), Map.entry("juniper-junos", "juniper_junos"), Map.entry("juniper", "juniper_junos"),
            Map.entry("routeros", "mikrotik_routeros"), Map.entry("mikrotik-routeros", "mikrotik_routeros"),
            Map.entry("fortios", "fortinet"), Map.entry("fortinet-fortios", "fortinet"),
            Map.entry("panos", "paloalto_panos"), Map.entry("pan-os", "paloalto_panos"), Map.entry("paloalto-panos", "paloalto_panos"),
            Map.entry("palo-alto-panos", "paloalto_panos"),
            Map.entry("vrp", "huawei_vrp"), Map.entry("huawei-vrp", "huawei_vrp"), Map.entry("huawei", "huawei_vrp"),
            Map.entry("linux", "linux"), Map.entry("ubuntu", "linux"), Map.entry("debian", "linux"));

    /** Oxidized model names (lower case, as in its {@code lib/oxidized/model/*.rb}) to profile names. */
    private static final Map<String, String> OXIDIZED = Map.ofEntries(
            Map.entry("ios", "cisco_ios"), Map.entry("iosxe", "cisco_ios"), Map.entry("nxos", "cisco_nxos"),
            Map.entry("asa", "cisco_asa"), Map.entry("eos", "arista_eos"), Map.entry("junos", "juniper_junos"),
            Map.entry("routeros", "mikrotik_routeros"), Map.entry("fortios", "fortinet"), Map.entry("panos", "paloalto_panos"),
            Map.entry("vrp", "huawei_vrp"), Map.entry("linuxgeneric", "linux"));

    private final Map<String, String> slugs;
    private final Map<String, String> oxidized;
    private final Set<String> profiles;

    private PlatformMap(Map<String, String> slugs, Map<String, String> oxidized, Set<String> profiles) {
        this.slugs = slugs;
        this.oxidized = oxidized;
        this.profiles = Set.copyOf(profiles);
    }

    /** The defaults, overridden by the configuration table; {@code profiles} are the profile names that exist. */
    public static PlatformMap of(Configuration configuration, Set<String> profiles) {
        var s = new HashMap<>(SLUGS);
        configuration.withPrefix(SLUG_PREFIX).forEach((k, v) -> s.put(k.toLowerCase(Locale.ROOT), v.trim()));
        var o = new HashMap<>(OXIDIZED);
        configuration.withPrefix(OXIDIZED_PREFIX).forEach((k, v) -> o.put(k.toLowerCase(Locale.ROOT), v.trim()));
        return new PlatformMap(s, o, profiles);
    }

    /** The profile for a NetBox/Nautobot platform slug (or Nautobot network driver), if one is known. */
    public Optional<String> forSlug(String slug) {
        return resolve(slug, slugs);
    }

    /** The profile for an Oxidized model name, if one is known. */
    public Optional<String> forOxidizedModel(String model) {
        return resolve(model, oxidized);
    }

    /** The profile for a CSV {@code platform} cell: a profile name, or anything {@link #forSlug} knows. */
    public Optional<String> forName(String name) {
        return resolve(name, slugs);
    }

    public Set<String> profiles() {
        return profiles;
    }

    private Optional<String> resolve(String raw, Map<String, String> table) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String key = raw.trim().toLowerCase(Locale.ROOT);
        String mapped = table.get(key);
        if (mapped != null) {
            return profiles.contains(mapped) ? Optional.of(mapped) : Optional.empty();
        }
        String underscored = key.replace('-', '_');
        return profiles.contains(key) ? Optional.of(key) : profiles.contains(underscored) ? Optional.of(underscored) : Optional.empty();
    }
}
