package io.cfgvault.schedules;

import io.cfgvault.inventory.Device;
import io.cfgvault.settings.Configuration;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.ItemRule;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Write-time rules for schedules: {@code backup.cron} and {@code backup.timezone} in the configuration table,
 * and every scheduler entry (expression, zone, both day fields, a selector that names nothing or no device of
 * the inventory). A document that breaks one is refused whole, so no schedule changes.
 */
public final class ScheduleRules implements ItemRule {
    private final Supplier<List<Device>> inventory;
    private List<Device> devices;

    /** {@code inventory} is read at most once per document, and only when an active entry has a selector. */
    public ScheduleRules(Supplier<List<Device>> inventory) {
        this.inventory = inventory;
    }

    @Override
    public ItemRule forDocument() {
        return new ScheduleRules(inventory);
    }

    @Override
    public void check(AppTable table, Map<String, AttributeValue> item) {
        if (table == AppTable.CONFIGURATION) {
            checkConfiguration(item);
        } else if (table == AppTable.SCHEDULER) {
            checkEntry(ScheduleEntry.read(item));
        }
    }

    private static void checkConfiguration(Map<String, AttributeValue> item) {
        AttributeValue key = item.get("key");
        if (key == null || key.s() == null) {
            return;
        }
        String name = key.s();
        if (!name.equals(Configuration.BACKUP_CRON) && !name.equals(TimeZones.KEY)) {
            return;
        }
        String entry = "configuration key '" + name + "'";
        AttributeValue value = item.get("value");
        if (value == null || value.s() == null) {
            throw new ScheduleRejected(entry, "value", "must be a string, e.g. {S: '"
                    + (name.equals(TimeZones.KEY) ? "Europe/Paris" : "localcron(30 2 * * ? *)") + "'}");
        }
        try {
            if (name.equals(TimeZones.KEY)) {
                TimeZones.parse(value.s());
            } else {
                ScheduleExpression.parse(value.s());
            }
        } catch (IllegalArgumentException e) {
            throw new ScheduleRejected(entry, "value", e.getMessage());
        }
    }

    private void checkEntry(ScheduleEntry entry) {
        var selector = entry.selector();
        boolean all = selector.names().isEmpty() && selector.model().isEmpty() && selector.group().isEmpty();
        if (!entry.active() || all) {
            return;
        }
        if (devices == null) {
            devices = inventory.get();
        }
        String name = "scheduler entry '" + entry.id() + "'";
        for (String device : selector.names()) {
            if (devices.stream().noneMatch(d -> d.name().equals(device))) {
                throw new ScheduleRejected(name, "selector.devices", "device '" + device + "' is not in the inventory;"
                        + " import the inventory first or fix the name");
            }
        }
        if (devices.stream().noneMatch(selector::matches)) {
            throw new ScheduleRejected(name, "selector", "matches no device of the inventory ("
                    + selector.model().map(m -> "model " + m + " ").orElse("") + selector.group().map(g -> "group " + g).orElse("").trim()
                    + "); fix the selector, or write the entry with enabled false until the devices exist");
        }
    }
}
