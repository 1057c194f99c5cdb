package io.cfgvault.inventory.source;

import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.InventoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what a source lists with the inventory table and says what would change. Only fields the source knows
 * are taken from it; the pinned host key, options and backup state always stay, and so do the port and credentials
 * when the source does not give them. A device the source stops listing is disabled only if this source brought it.
 */
public final class SyncPlanner {
    private final String defaultCredentials;

    /** @param defaultCredentials credentials reference for new devices whose source gives none */
    public SyncPlanner(String defaultCredentials) {
        this.defaultCredentials = defaultCredentials;
    }

    public ChangeSet plan(SourceRead read, List<InventoryStore.Entry> table, Map<String, InventoryStore.Origin> origins) {
        var current = new HashMap<String, Device>();
        table.forEach(e -> current.put(e.device().name(), e.device()));
        var added = new ArrayList<ChangeSet.Change>();
        var changed = new ArrayList<ChangeSet.Change>();
        var disabled = new ArrayList<ChangeSet.Change>();
        var removed = new ArrayList<ChangeSet.Change>();
        int unchanged = 0;
        var listed = new HashSet<String>();
        for (SourceDevice s : read.devices()) {
            listed.add(s.name());
            Device old = current.get(s.name());
            if (old == null) {
                Device d = new Device(s.name(), s.host(), s.port().orElse(22), s.platform(), s.model(), s.group(),
                        s.credentials().orElse(defaultCredentials), s.enabled(), Optional.empty(), Map.of());
                added.add(new ChangeSet.Change(s.name(), List.of(), d, s.ref()));
                continue;
            }
            Device d = new Device(s.name(), s.host(), s.port().orElse(old.port()), s.platform(), s.model(), s.group(),
                    s.credentials().orElse(old.credentials()), s.enabled(), old.hostKey(), old.options());
            var fields = new ArrayList<ChangeSet.FieldChange>();
            diff(fields, "host", old.host(), d.host());
            diff(fields, "port", old.port(), d.port());
            diff(fields, "platform", old.platform(), d.platform());
            diff(fields, "model", old.model(), d.model());
            diff(fields, "group", old.group(), d.group());
            diff(fields, "credentials", old.credentials(), d.credentials());
            diff(fields, "enabled", old.enabled(), d.enabled());
            InventoryStore.Origin origin = origins.get(s.name());
            diff(fields, "source", origin == null ? "" : origin.source(), read.source());
            String oldRef = origin == null ? "" : origin.ref();
            boolean refChanged = !oldRef.equals(s.ref().orElse(""));
            if (fields.isEmpty() && !refChanged) {
                unchanged++;
            } else if (fields.size() == 1 && fields.getFirst().field().equals("enabled") && !d.enabled()) {
                disabled.add(new ChangeSet.Change(s.name(), fields, d, s.ref()));
            } else {
                changed.add(new ChangeSet.Change(s.name(), fields, d, s.ref()));
            }
        }
        var skipped = new HashSet<String>();
        read.problems().forEach(p -> skipped.add(p.device()));
        for (InventoryStore.Entry e : table) {
            Device old = e.device();
            InventoryStore.Origin origin = origins.get(old.name());
            if (origin != null && origin.source().equals(read.source()) && !listed.contains(old.name())
                    && !skipped.contains(old.name()) && old.enabled()) {
                Device d = new Device(old.name(), old.host(), old.port(), old.platform(), old.model(), old.group(),
                        old.credentials(), false, old.hostKey(), old.options());
                removed.add(new ChangeSet.Change(old.name(), List.of(new ChangeSet.FieldChange("enabled", "true", "false")),
                        d, Optional.of(origin.ref()).filter(r -> !r.isEmpty())));
            }
        }
        return new ChangeSet(read.source(), added, changed, disabled, removed, unchanged, read.problems(), false);
    }

    private static void diff(List<ChangeSet.FieldChange> out, String field, Object from, Object to) {
        if (!Objects.equals(String.valueOf(from), String.valueOf(to))) {
            out.add(new ChangeSet.FieldChange(field, String.valueOf(from), String.valueOf(to)));
        }
    }
}
