package io.cfgvault.infra;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The application's DynamoDB tables (DESIGN.md "Tables"): on-demand, point-in-time recovery, encrypted
 * (AWS-managed key, or the given customer key), deletion protection, kept when the stack is deleted.
 * Physical name = {@code tablePrefix} + logical name, the same rule as {@code CFGVAULT_TABLE_PREFIX}.
 */
public final class Tables extends Construct {

    /** Logical tables with their partition key and optional TTL attribute; mirrors core's AppTable. */
    public enum Logical {
        CONFIGURATION("key", null),
        SCHEDULER("id", null),
        INVENTORY("name", null),
        JOBS("id", "expiresAt"),
        AUDIT("id", "expiresAt");

        final String partitionKey;
        final String ttlAttribute;

        Logical(String partitionKey, String ttlAttribute) {
            this.partitionKey = partitionKey;
            this.ttlAttribute = ttlAttribute;
        }

        public String logicalName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Props(String tablePrefix, Optional<IKey> kmsKey) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String tablePrefix;
            private Optional<IKey> kmsKey = Optional.empty();

            public Builder tablePrefix(String v) { tablePrefix = v; return this; }
            public Builder kmsKey(Optional<IKey> v) { kmsKey = v; return this; }

            public Props build() {
                return new Props(tablePrefix, kmsKey);
            }
        }
    }

    private final Map<Logical, Table> tables = new EnumMap<>(Logical.class);

    public Tables(Construct scope, String id, Props props) {
        super(scope, id);
        for (Logical logical : Logical.values()) {
            var builder = Table.Builder.create(this, capitalised(logical))
                    .tableName(props.tablePrefix() + logical.logicalName())
                    .partitionKey(Attribute.builder().name(logical.partitionKey).type(AttributeType.STRING).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .deletionProtection(true)
                    .removalPolicy(RemovalPolicy.RETAIN);
            props.kmsKey().ifPresentOrElse(
                    key -> builder.encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key),
                    () -> builder.encryption(TableEncryption.AWS_MANAGED));
            if (logical.ttlAttribute != null) {
                builder.timeToLiveAttribute(logical.ttlAttribute);
            }
            tables.put(logical, builder.build());
        }
    }

    public Table table(Logical logical) {
        return tables.get(logical);
    }

    private static String capitalised(Logical logical) {
        String name = logical.logicalName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
