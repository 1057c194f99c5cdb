package io.cfgvault.destinations;

import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.ItemRule;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Checks {@code destination.*} keys when the configuration table is written, so a bad destination changes nothing. */
public final class DestinationRules implements ItemRule {

    @Override
    public void check(AppTable table, Map<String, AttributeValue> item) {
        if (table != AppTable.CONFIGURATION) {
            return;
        }
        AttributeValue key = item.get("key");
        if (key == null || key.s() == null || !key.s().startsWith(DestinationSettings.PREFIX)) {
            return;
        }
        AttributeValue value = item.get("value");
        String text = value == null ? "" : value.s() != null ? value.s() : value.n() != null ? value.n()
                : value.bool() != null ? value.bool().toString() : "";
        try {
            DestinationSettings.checkKey(key.s(), text);
        } catch (IllegalArgumentException e) {
            throw new Rejected("value", e.getMessage());
        }
    }
}
