package io.cfgvault.tables;

/** Maps logical tables to the physical DynamoDB table names of one deployment. */
public record TableNames(String prefix) {
    public String physical(AppTable table) {
        return prefix + table.logicalName();
    }
}
