package io.cfgvault.inventory.source;

import io.cfgvault.inventory.InventoryStore;

/** Reads a source, plans the change set against the inventory table, and writes it unless this is a dry run. */
public final class InventorySync {
    private final InventoryStore inventory;

    public InventorySync(InventoryStore inventory) {
        this.inventory = inventory;
    }

    /**
     * @throws InventorySourceException when the source cannot be read as a whole; the table is then untouched
     */
    public ChangeSet run(InventorySource source, String defaultCredentials, boolean dryRun) {
        SourceRead read = source.read();
        ChangeSet plan = new SyncPlanner(defaultCredentials).plan(read, inventory.list(), inventory.origins());
        if (dryRun) {
            return plan;
        }
        for (var list : java.util.List.of(plan.added(), plan.changed(), plan.disabled(), plan.removed())) {
            for (ChangeSet.Change c : list) {
                inventory.upsertFromSource(c.target(), plan.source(), c.ref().orElse(""));
            }
        }
        return plan.asApplied();
    }
}
