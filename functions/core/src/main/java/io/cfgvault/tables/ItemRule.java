package io.cfgvault.tables;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A domain check on each item of a table document, run while the document is validated and before anything
 * is written (for example: schedule expressions in the configuration and scheduler tables).
 */
@FunctionalInterface
public interface ItemRule {
    ItemRule NONE = (table, item) -> { };

    /** The rule for one document (rules that read other tables start afresh for each document). */
    default ItemRule forDocument() {
        return this;
    }

    /** @throws Rejected naming the item's field that is wrong */
    void check(AppTable table, Map<String, AttributeValue> item);

    /** This rule, then {@code next}, for each item of a document. */
    default ItemRule and(ItemRule next) {
        ItemRule first = this;
        return new ItemRule() {
            @Override
            public ItemRule forDocument() {
                ItemRule a = first.forDocument();
                ItemRule b = next.forDocument();
                return (table, item) -> {
                    a.check(table, item);
                    b.check(table, item);
                };
            }

            @Override
            public void check(AppTable table, Map<String, AttributeValue> item) {
                first.check(table, item);
                next.check(table, item);
            }
        };
    }

    /** An item a rule refuses; {@code field} is the attribute path inside the item, e.g. {@code cron}. */
    class Rejected extends IllegalArgumentException {
        private final String field;

        public Rejected(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
