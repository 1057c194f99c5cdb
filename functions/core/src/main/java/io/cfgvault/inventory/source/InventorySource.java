package io.cfgvault.inventory.source;

/** A place devices come from: NetBox, Nautobot, a CSV file, an Oxidized router.db. */
public interface InventorySource {
    /**
     * Reads every device the source lists, or fails as a whole.
     *
     * @throws InventorySourceException with a one-line reason (unreachable, 401, bad row at line 7 column 'host')
     */
    SourceRead read();
}
