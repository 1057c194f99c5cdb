package io.cfgvault.schedules;

import io.cfgvault.jobs.JobRequest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of the scheduler table, read strictly: {@code id}, {@code cron} (any of the four forms),
 * {@code enabled} (default true), {@code tables} (default true), {@code timezone} (optional, for localcron) and
 * {@code selector} {devices, model, group}; or, with {@code task: inventory-sync}, a NetBox/Nautobot sync of
 * {@code source} (netbox or nautobot) with optional {@code filters} [key=value, ...] instead of a backup. The same
 * reading serves write-time validation and the schedules.
 */
public record ScheduleEntry(String id, ScheduleExpression expression, boolean enabled, boolean tables,
                            Optional<ZoneId> timezone, JobRequest.DeviceSelector selector, Optional<InventorySyncTask> sync) {

    public static final String TASK_BACKUP = "backup";
    public static final String TASK_INVENTORY_SYNC = "inventory-sync";
    private static final Pattern FILTER = Pattern.compile("^[A-Za-z_][\\w.]*=.+$");

    /** What a {@code task: inventory-sync} entry syncs: {@code netbox} or {@code nautobot}, with its filters. */
    public record InventorySyncTask(String source, List<String> filters) {}

    /** Scheduler names and job ids carry the id, so it keeps to their alphabet. */
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$");
    private static final Set<String> SELECTOR_KEYS = Set.of("devices", "model", "group");

    /** Whether this entry fires on its own: enabled and not {@code disabled}. */
    public boolean active() {
        return enabled && !expression.disabled();
    }

    /** @throws ScheduleRejected naming the entry and the field */
    public static ScheduleEntry read(Map<String, AttributeValue> item) {
        AttributeValue idValue = item.get("id");
        if (idValue == null || idValue.s() == null) {
            throw new ScheduleRejected("scheduler entry", "id", "missing; give each entry a string id such as {S: nightly-core}");
        }
        String id = idValue.s();
        String entry = "scheduler entry '" + id + "'";
        if (!ID.matcher(id).matches()) {
            throw new ScheduleRejected(entry, "id", "use 1-48 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (the id becomes part of the EventBridge schedule name and of job ids)");
        }
        AttributeValue cron = item.get("cron");
        if (cron == null || cron.s() == null) {
            throw new ScheduleRejected(entry, "cron", "missing; e.g. {S: 'cron(30 2 * * ? *)'}, {S: 'localcron(30 2 * * ? *)'},"
                    + " {S: 'rate(1 hour)'} or {S: disabled}");
        }
        ScheduleExpression expression;
        try {
            expression = ScheduleExpression.parse(cron.s());
        } catch (IllegalArgumentException e) {
            throw new ScheduleRejected(entry, "cron", e.getMessage());
        }
        boolean enabled = bool(item, entry, "enabled");
        boolean tables = bool(item, entry, "tables");
        Optional<ZoneId> zone = Optional.empty();
        AttributeValue tz = item.get("timezone");
        if (tz != null) {
            if (tz.s() == null) {
                throw new ScheduleRejected(entry, "timezone", "must be a string such as {S: Europe/Paris}");
            }
            try {
                zone = Optional.of(TimeZones.parse(tz.s()));
            } catch (IllegalArgumentException e) {
                throw new ScheduleRejected(entry, "timezone", e.getMessage());
            }
        }
        Optional<InventorySyncTask> sync = sync(entry, item);
        if (sync.isPresent() && item.containsKey("selector")) {
            throw new ScheduleRejected(entry, "selector", "an inventory-sync entry backs up nothing; leave the selector out");
        }
        return new ScheduleEntry(id, expression, enabled, tables, zone, selector(entry, item.get("selector")), sync);
    }

    private static Optional<InventorySyncTask> sync(String entry, Map<String, AttributeValue> item) {
        AttributeValue task = item.get("task");
        if (task == null || TASK_BACKUP.equals(task.s())) {
            for (String field : List.of("source", "filters")) {
                if (item.containsKey(field)) {
                    throw new ScheduleRejected(entry, field, "only an entry with task: " + TASK_INVENTORY_SYNC + " has a " + field);
                }
            }
            return Optional.empty();
        }
        if (!TASK_INVENTORY_SYNC.equals(task.s())) {
            throw new ScheduleRejected(entry, "task", "must be {S: " + TASK_BACKUP + "} (the default) or {S: " + TASK_INVENTORY_SYNC + "}");
        }
        AttributeValue source = item.get("source");
        if (source == null || source.s() == null || !source.s().trim().toLowerCase(java.util.Locale.ROOT).matches("netbox|nautobot")) {
            throw new ScheduleRejected(entry, "source", "must be {S: netbox} or {S: nautobot}");
        }
        var filters = new ArrayList<String>();
        AttributeValue f = item.get("filters");
        if (f != null) {
            List<String> given = f.hasSs() ? f.ss() : f.hasL() ? f.l().stream().map(AttributeValue::s).toList() : null;
            if (given == null) {
                throw new ScheduleRejected(entry, "filters", "must be a list of key=value strings, e.g. [{S: site=fra1}, {S: tag=backup}]");
            }
            for (String one : given) {
                if (one == null || !FILTER.matcher(one.trim()).matches()) {
                    throw new ScheduleRejected(entry, "filters", "'" + one + "' is not key=value (e.g. site=fra1, tag=backup)");
                }
                filters.add(one.trim());
            }
        }
        return Optional.of(new InventorySyncTask(source.s().trim().toLowerCase(java.util.Locale.ROOT), List.copyOf(filters)));
    }

    private static boolean bool(Map<String, AttributeValue> item, String entry, String field) {
        AttributeValue v = item.get(field);
        if (v == null) {
            return true;
        }
        if (v.bool() == null) {
            throw new ScheduleRejected(entry, field, "must be {BOOL: true} or {BOOL: false}");
        }
        return v.bool();
    }

    private static JobRequest.DeviceSelector selector(String entry, AttributeValue v) {
        if (v == null) {
            return JobRequest.DeviceSelector.all();
        }
        if (!v.hasM()) {
            throw new ScheduleRejected(entry, "selector", "must be a map {devices, model, group}; leave it out to back up every device");
        }
        Map<String, AttributeValue> m = v.m();
        for (String key : m.keySet()) {
            if (!SELECTOR_KEYS.contains(key)) {
                throw new ScheduleRejected(entry, "selector." + key, "unknown selector key; use devices, model or group");
            }
        }
        List<String> devices = new ArrayList<>();
        AttributeValue d = m.get("devices");
        if (d != null) {
            if (d.hasSs()) {
                devices.addAll(d.ss());
            } else if (d.hasL()) {
                for (AttributeValue x : d.l()) {
                    if (x.s() == null || x.s().isBlank()) {
                        throw new ScheduleRejected(entry, "selector.devices", "every element must be a device name {S: name}");
                    }
                    devices.add(x.s());
                }
            } else if (d.s() != null) {
                for (String name : d.s().split("\\s*,\\s*")) {
                    if (!name.isBlank()) {
                        devices.add(name.trim());
                    }
                }
            } else {
                throw new ScheduleRejected(entry, "selector.devices", "must be a list of device names");
            }
        }
        Optional<String> model = text(entry, m, "model");
        Optional<String> group = text(entry, m, "group");
        if (devices.isEmpty() && model.isEmpty() && group.isEmpty()) {
            throw new ScheduleRejected(entry, "selector", "names nothing; give devices, a model or a group,"
                    + " or leave the selector out to back up every device");
        }
        return new JobRequest.DeviceSelector(List.copyOf(devices), model, group);
    }

    private static Optional<String> text(String entry, Map<String, AttributeValue> m, String key) {
        AttributeValue v = m.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.s() == null || v.s().isBlank()) {
            throw new ScheduleRejected(entry, "selector." + key, "must be a non-empty string");
        }
        return Optional.of(v.s().trim());
    }
}
