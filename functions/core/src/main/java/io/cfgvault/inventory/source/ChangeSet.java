package io.cfgvault.inventory.source;

import io.cfgvault.inventory.Device;
import java.util.List;

/**
 * What a sync does (or, in a dry run, would do) to the inventory table. Devices gone from the source are
 * {@code removed} from it but only disabled in the table: their pinned host key and backup history stay.
 *
 * @param added     devices new to the table
 * @param changed   devices whose fields change (each change names field, old and new value)
 * @param disabled  devices the source now marks inactive
 * @param removed   devices this source had brought in that it no longer lists; they get disabled, never deleted
 * @param unchanged how many listed devices need no change
 * @param problems  devices the source lists but that were skipped, and why (unknown platform, bad name)
 * @param applied   false for a dry run
 */
public record ChangeSet(String source, List<Change> added, List<Change> changed, List<Change> disabled, List<Change> removed,
                        int unchanged, List<SourceRead.Problem> problems, boolean applied) {

    /** One device's change, with the device as it will be written. */
    public record Change(String device, List<FieldChange> fields, Device target, java.util.Optional<String> ref) {}

    public record FieldChange(String field, String from, String to) {}

    public ChangeSet asApplied() {
        return new ChangeSet(source, added, changed, disabled, removed, unchanged, problems, true);
    }

    /** The change set as JSON-ready maps: what the API returns and {@code --json} prints. */
    public java.util.Map<String, Object> report() {
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("source", source);
        out.put("dryRun", !applied);
        out.put("added", changes(added, true));
        out.put("changed", changes(changed, false));
        out.put("disabled", changes(disabled, false));
        out.put("removed", changes(removed, false));
        out.put("unchanged", unchanged);
        out.put("skipped", problems.stream().map(p -> java.util.Map.of("device", p.device(), "reason", p.message())).toList());
        out.put("summary", summary());
        return out;
    }

    private static List<Object> changes(List<Change> list, boolean whole) {
        var out = new java.util.ArrayList<Object>();
        for (Change c : list) {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("device", c.device());
            if (whole) {
                Device d = c.target();
                m.put("host", d.host());
                m.put("port", d.port());
                m.put("platform", d.platform());
                m.put("model", d.model());
                m.put("group", d.group());
                m.put("credentials", d.credentials());
                m.put("enabled", d.enabled());
            } else {
                var fields = new java.util.LinkedHashMap<String, Object>();
                c.fields().forEach(f -> fields.put(f.field(), java.util.Map.of("from", f.from(), "to", f.to())));
                m.put("fields", fields);
            }
            out.add(m);
        }
        return out;
    }

    /** {@code 3 added, 1 changed, 0 disabled, 2 removed (disabled), 40 unchanged, 1 skipped}. */
    public String summary() {
        return added.size() + " added, " + changed.size() + " changed, " + disabled.size() + " disabled, " + removed.size()
                + " removed (disabled, not deleted), " + unchanged + " unchanged, " + problems.size() + " skipped";
    }
}
