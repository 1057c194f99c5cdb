package io.cfgvault.inventory.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Devices from NetBox or Nautobot's {@code /api/dcim/devices/}, page by page along {@code next}. Host: the primary
 * IP without its prefix length, else the name. Platform: the platform slug (NetBox) or network driver (Nautobot)
 * through the {@link PlatformMap}. Group: the site (NetBox) or location (Nautobot). A device counts as enabled when
 * its status is Active. Devices without a usable name or platform are reported, not imported.
 */
public final class DcimSource implements InventorySource {
    /** The two sources' differences: Nautobot 2 calls a site a location, filters tags by {@code tags}, needs depth=1. */
    public enum Kind {
        NETBOX("NetBox", "netbox", Map.of(), ""),
        NAUTOBOT("Nautobot", "nautobot", Map.of("site", "location", "tag", "tags"), "&depth=1");

        final String label;
        final String id;
        final Map<String, String> filterNames;
        final String extraQuery;

        Kind(String label, String id, Map<String, String> filterNames, String extraQuery) {
            this.label = label;
            this.id = id;
            this.filterNames = filterNames;
            this.extraQuery = extraQuery;
        }

        public String label() {
            return label;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.id.equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown inventory source '" + s + "'; expected netbox or nautobot");
        }
    }

    static final int PAGE = 1000;

    private final Kind kind;
    private final SourceApi api;
    private final List<Map.Entry<String, String>> filters;
    private final PlatformMap platforms;

    public DcimSource(Kind kind, SourceApi api, List<Map.Entry<String, String>> filters, PlatformMap platforms) {
        this.kind = kind;
        this.api = api;
        this.filters = List.copyOf(filters);
        this.platforms = platforms;
    }

    /** The identity devices from this instance carry: {@code netbox https://netbox.example.com}. */
    public static String sourceId(Kind kind, URI base) {
        String b = base.toString();
        return kind.id + " " + (b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    }

    @Override
    public SourceRead read() {
        var devices = new ArrayList<SourceDevice>();
        var problems = new ArrayList<SourceRead.Problem>();
        var names = new HashSet<String>();
        var seen = new HashSet<URI>();
        URI page = firstPage();
        while (page != null) {
            if (!seen.add(page)) {
                throw new InventorySourceException(kind.label + " at " + api.base() + " returned a 'next' link to a page already read; "
                        + "stopping instead of looping");
            }
            JsonNode body = api.get(page);
            JsonNode results = body.get("results");
            if (results == null || !results.isArray()) {
                throw new InventorySourceException(kind.label + " at " + api.base() + " returned no 'results' list for "
                        + page.getRawPath() + "; is this the " + kind.label + " base URL?");
            }
            for (JsonNode d : results) {
                device(d, names, devices, problems);
            }
            JsonNode next = body.get("next");
            page = next == null || next.isNull() || next.asText().isEmpty() ? null : api.onBase(next.asText());
        }
        return new SourceRead(sourceId(kind, api.base()), devices, problems);
    }

    private URI firstPage() {
        var q = new StringBuilder("limit=").append(PAGE).append(kind.extraQuery);
        for (var f : filters) {
            String key = kind.filterNames.getOrDefault(f.getKey(), f.getKey());
            q.append('&').append(enc(key)).append('=').append(enc(f.getValue()));
        }
        return URI.create(api.base() + "/api/dcim/devices/?" + q);
    }

    private void device(JsonNode d, HashSet<String> names, List<SourceDevice> devices, List<SourceRead.Problem> problems) {
        String ref = text(d.get("id")).orElse("");
        Optional<String> rawName = text(d.get("name"));
        if (rawName.isEmpty()) {
            problems.add(new SourceRead.Problem(kind.id + " id " + ref, "the device has no name"));
            return;
        }
        String name = rawName.get();
        if (!Rows.NAME.matcher(name).matches()) {
            problems.add(new SourceRead.Problem(name, "'" + name + "' is not a valid device name for cfgvault "
                    + "(1-128 letters, digits, '.', '_' or '-'); rename it in " + kind.label));
            return;
        }
        if (!names.add(name)) {
            problems.add(new SourceRead.Problem(name, "two " + kind.label + " devices are named '" + name + "'; the first one is used"));
            return;
        }
        JsonNode platform = d.get("platform");
        List<String> candidates = platformNames(platform);
        if (candidates.isEmpty()) {
            problems.add(new SourceRead.Problem(name, "no platform set in " + kind.label));
            return;
        }
        Optional<String> profile = candidates.stream().map(platforms::forSlug).flatMap(Optional::stream).findFirst();
        if (profile.isEmpty()) {
            problems.add(new SourceRead.Problem(name, "unknown platform '" + candidates.getFirst() + "'; map it with configuration key "
                    + PlatformMap.SLUG_PREFIX + candidates.getFirst().toLowerCase(Locale.ROOT)));
            return;
        }
        String host = primaryIp(d).orElse(name);
        String model = text(d.path("device_type").get("model")).orElse("");
        String group = kind == Kind.NETBOX ? text(d.path("site").get("slug")).or(() -> text(d.path("site").get("name"))).orElse("")
                : text(d.path("location").get("name")).orElse("");
        JsonNode status = d.get("status");
        String statusName = status == null ? "active" : status.isTextual() ? status.asText()
                : text(status.get("value")).or(() -> text(status.get("name"))).orElse("active");
        devices.add(new SourceDevice(name, host, Optional.empty(), profile.get(), model, group, Optional.empty(),
                statusName.equalsIgnoreCase("active"), Optional.of(ref).filter(s -> !s.isEmpty())));
    }

    /** NetBox: the slug. Nautobot 2 has no slugs: its Netmiko driver mapping, network driver, then name. */
    private static List<String> platformNames(JsonNode platform) {
        var out = new ArrayList<String>();
        if (platform == null || platform.isNull()) {
            return out;
        }
        text(platform.path("network_driver_mappings").get("netmiko")).ifPresent(out::add);
        text(platform.get("network_driver")).ifPresent(out::add);
        text(platform.get("slug")).ifPresent(out::add);
        text(platform.get("name")).map(n -> n.trim().toLowerCase(Locale.ROOT).replace(' ', '-')).ifPresent(out::add);
        return out;
    }

    private static Optional<String> primaryIp(JsonNode d) {
        for (String field : List.of("primary_ip", "primary_ip4", "primary_ip6")) {
            Optional<String> address = text(d.path(field).get("address"));
            if (address.isPresent()) {
                String a = address.get();
                int slash = a.indexOf('/');
                return Optional.of(slash < 0 ? a : a.substring(0, slash));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText().trim());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
