package io.cfgvault.handlers.api;

import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.store.Names;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * Devices and their stored backups: inventory with backup state (never credentials), archive versions newest
 * first, one version as the stored YAML document or as the raw config, and a unified diff of two versions.
 */
final class DeviceRoutes {
    static final String LATEST = BackupHistory.LATEST;
    /** Option names whose values are never shown, in case someone put a secret into a device option. */
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(pass|secret|token|community|credential).*");

    private final InventoryStore inventory;
    private final ObjectStore store;
    private final Supplier<S3Layout> layout;

    DeviceRoutes(InventoryStore inventory, ObjectStore store, Supplier<S3Layout> layout) {
        this.inventory = inventory;
        this.store = store;
        this.layout = layout;
    }

    void register(Router router) {
        router.add("GET", "/devices", Set.of("model", "group", "platform", "status", "q", "changedSince", "lastSuccessBefore",
                        "after", "limit"), Body.NONE, this::list)
                .add("GET", "/devices/{name}", Set.of(), Body.NONE, this::get)
                .add("GET", "/devices/{name}/backups", Set.of("limit", "cursor"), Body.NONE, this::versions)
                .add("GET", "/devices/{name}/backups/{version}", Set.of("format"), Body.NONE, this::backup)
                .add("GET", "/devices/{name}/diff", Set.of("from", "to"), Body.NONE, this::diff);
    }

    /**
     * Devices by name, filtered by model, group, platform, status ({@code failing}: anything but ok and never),
     * a name substring, a change since or no success since an instant; a page at a time ({@code after} = last
     * name of the previous page), so the console can list 10,000 devices without loading them all.
     */
    private ApiResponse list(Call call) {
        ApiRequest r = call.request();
        Optional<String> model = r.query("model");
        Optional<String> group = r.query("group");
        Optional<String> platform = r.query("platform");
        Optional<String> status = r.query("status");
        Optional<String> text = r.query("q").map(q -> q.toLowerCase(Locale.ROOT));
        Optional<Instant> changedSince = instant(r, "changedSince");
        Optional<Instant> lastSuccessBefore = instant(r, "lastSuccessBefore");
        Optional<String> after = r.query("after");
        int limit = r.limit("limit", 1000, 1000);
        var page = new ArrayList<Object>();
        String next = null;
        for (InventoryStore.Entry e : inventory.list()) {
            Device d = e.device();
            DeviceState s = e.state();
            if (after.isPresent() && d.name().compareTo(after.get()) <= 0
                    || model.isPresent() && !model.get().equalsIgnoreCase(d.model())
                    || group.isPresent() && !group.get().equalsIgnoreCase(d.group())
                    || platform.isPresent() && !platform.get().equalsIgnoreCase(d.platform())
                    || status.isPresent() && !statusMatches(status.get(), s.status())
                    || text.isPresent() && !d.name().toLowerCase(Locale.ROOT).contains(text.get())
                    || changedSince.isPresent() && s.lastChangedAt().map(t -> t.isBefore(changedSince.get())).orElse(true)
                    || lastSuccessBefore.isPresent() && s.lastSuccessAt().map(t -> !t.isBefore(lastSuccessBefore.get())).orElse(false)) {
                continue;
            }
            if (page.size() == limit) {
                next = ((Map<?, ?>) page.get(page.size() - 1)).get("name").toString();
                break;
            }
            page.add(device(e));
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("devices", page);
        body.put("next", next);
        return ApiResponse.json(200, body);
    }

    private static boolean statusMatches(String wanted, String status) {
        if (wanted.equalsIgnoreCase("failing")) {
            return !status.equals("ok") && !status.equals("never");
        }
        return wanted.equalsIgnoreCase(status);
    }

    private static Optional<Instant> instant(ApiRequest r, String name) {
        return r.query(name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("invalid_parameter", name + " '" + v
                        + "' is not an ISO-8601 instant; use for example 2026-11-23T13:00:00Z");
            }
        });
    }

    private ApiResponse get(Call call) {
        String name = name(call);
        return inventory.get(name).map(e -> ApiResponse.json(200, device(e)))
                .orElseThrow(() -> unknownDevice(name));
    }

    private ApiResponse versions(Call call) {
        String name = name(call);
        BackupHistory history = history();
        List<BackupHistory.Version> versions = history.history(name);
        if (versions.isEmpty()) {
            requireKnown(name, history);
        }
        var list = new ArrayList<Object>();
        for (BackupHistory.Version v : versions) {
            var m = new LinkedHashMap<String, Object>();
            m.put("version", v.version());
            m.put("storedAt", v.storedAt().toString());
            m.put("key", v.key());
            list.add(m);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("device", name);
        Page.of(list, Page.cursor(call.request()), call.request().limit("limit", 1000, 10_000)).into(body, "versions");
        return ApiResponse.json(200, body);
    }

    private ApiResponse backup(Call call) {
        String name = name(call);
        String version = call.param("version");
        String format = call.request().query("format").orElse("yaml").toLowerCase(Locale.ROOT);
        if (!format.equals("yaml") && !format.equals("text")) {
            throw ApiException.badRequest("invalid_parameter", "format '" + format
                    + "' is not supported; use format=yaml (the stored document) or format=text (the raw config)");
        }
        BackupHistory history = history();
        String key = history.key(name, version.equals(LATEST) ? LATEST : checkVersion(version, "version"));
        byte[] document = history.document(name, version).orElseThrow(() -> {
            requireKnown(name, history);
            return version.equals(LATEST)
                    ? ApiException.notFound("no_backup", "device '" + name + "' has no stored backup yet")
                    : unknownVersion(name, version);
        });
        DeviceDocument doc;
        try {
            doc = DeviceDocument.verified(document, name);
        } catch (DeviceDocument.DamagedCopyException e) {
            throw new ApiException(500, "damaged_backup", "the stored copy " + key + " is damaged: " + e.getMessage()
                    + (version.equals(LATEST) ? ". The next backup of '" + name + "' rewrites it from a fresh fetch" : "")
                    + "; GET /devices/" + name + "/backups lists the other versions", Map.of("key", key), Map.of());
        }
        if (format.equals("yaml")) {
            return ApiResponse.yaml(document).withHeader("X-Cfgvault-Key", key);
        }
        return ApiResponse.text(doc.config()).withHeader("X-Cfgvault-Key", key);
    }

    /** Unified diff of two stored versions; by default the previous version against the newest. */
    private ApiResponse diff(Call call) {
        String name = name(call);
        BackupHistory history = history();
        BackupHistory.Comparison c;
        try {
            c = history.compare(name, call.request().query("from"), call.request().query("to"));
        } catch (BackupHistory.VersionProblem e) {
            throw switch (e.reason()) {
                case NO_BACKUP -> {
                    requireKnown(name, history);
                    yield ApiException.notFound("no_backup", e.getMessage());
                }
                case INVALID_VERSION -> ApiException.badRequest("invalid_version", e.param() + " " + e.getMessage());
                case UNKNOWN_VERSION -> ApiException.notFound("unknown_version", e.getMessage()
                        + "; GET /devices/" + name + "/backups lists its versions");
                case NO_PREVIOUS_VERSION -> ApiException.notFound("no_previous_version", e.getMessage()
                        + " (give from= explicitly, see GET /devices/" + name + "/backups)");
            };
        }
        return ApiResponse.text(c.unified())
                .withHeader("X-Cfgvault-From", c.from()).withHeader("X-Cfgvault-To", c.to())
                .withHeader("X-Cfgvault-Lines-Added", Integer.toString(c.diff().added()))
                .withHeader("X-Cfgvault-Lines-Removed", Integer.toString(c.diff().removed()));
    }

    private BackupHistory history() {
        return new BackupHistory(store, layout.get());
    }

    /** A device is known if it is in the inventory or still has stored backups (it may have been removed since). */
    private void requireKnown(String name, BackupHistory history) {
        if (inventory.get(name).isEmpty() && !history.hasAny(name)) {
            throw unknownDevice(name);
        }
    }

    private static String checkVersion(String version, String param) {
        if (!BackupHistory.isVersion(version)) {
            throw ApiException.badRequest("invalid_version", param + " '" + version
                    + "' is not a backup version; use 'latest' or a version such as 20261123T130000Z");
        }
        return version;
    }

    private static String name(Call call) {
        String name = call.param("name");
        Names.deviceNameProblem(name).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_device_name", problem);
        });
        return name;
    }

    static ApiException unknownDevice(String name) {
        return ApiException.notFound("unknown_device", "device '" + name
                + "' is not in the inventory and has no stored backups; GET /devices lists the known devices");
    }

    private static ApiException unknownVersion(String name, String version) {
        return ApiException.notFound("unknown_version", "device '" + name + "' has no backup version " + version
                + "; GET /devices/" + name + "/backups lists its versions");
    }

    /** The inventory entry as JSON: everything but secrets (credentials are a reference name, never a password). */
    static Map<String, Object> device(InventoryStore.Entry e) {
        Device d = e.device();
        var m = new LinkedHashMap<String, Object>();
        m.put("name", d.name());
        m.put("host", d.host());
        m.put("port", d.port());
        m.put("platform", d.platform());
        m.put("model", d.model());
        m.put("group", d.group());
        m.put("enabled", d.enabled());
        m.put("credentials", d.credentials());
        m.put("hostKey", d.hostKey().orElse(null));
        var options = new TreeMap<String, String>();
        d.options().forEach((k, v) -> options.put(k, SECRET_OPTION.matcher(k).matches() ? "<hidden>" : v));
        m.put("options", options);
        m.put("state", state(e.state()));
        return m;
    }

    private static Map<String, Object> state(DeviceState s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("status", s.status());
        m.put("lastCheckedAt", s.lastCheckedAt().map(Instant::toString).orElse(null));
        m.put("lastSuccessAt", s.lastSuccessAt().map(Instant::toString).orElse(null));
        m.put("lastChangedAt", s.lastChangedAt().map(Instant::toString).orElse(null));
        m.put("version", s.version().orElse(null));
        m.put("sha256", s.sha256().orElse(null));
        m.put("bytes", s.bytes());
        m.put("error", s.error().orElse(null));
        m.put("jobId", s.jobId().orElse(null));
        // null until a platform with backup.startup gave its startup config
        m.put("startupDiffers", s.startupDiffers().orElse(null));
        return m;
    }
}
