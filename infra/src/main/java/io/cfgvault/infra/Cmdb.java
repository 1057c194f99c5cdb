package io.cfgvault.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnDatabaseProps;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.glue.CfnTableProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The CMDB view of the metadata datasets: a Glue database with one Athena table per dataset
 * ({@code metadata/deployments/} and {@code metadata/devices/}), JSON SerDe, partitioned by accountid,
 * region and deployment with partition projection (no crawler, no MSCK REPAIR): accountid and region are
 * enumerated (the accounts and regions that write to the bucket), deployment is injected, so queries
 * name the deployment: {@code WHERE deployment = 'prod'}.
 * Column names are the JSON field names in lower case (the SerDe matches them case-insensitively);
 * timestamps are ISO-8601 strings, read them with {@code from_iso8601_timestamp(...)}.
 */
public final class Cmdb extends Construct {
    static final String SERDE = "org.openx.data.jsonserde.JsonSerDe";

    /** deployment.json: one object; accountId/region/deployment come from the partition columns. */
    static final Map<String, String> DEPLOYMENT_COLUMNS = columns(
            "version", "string",
            "tableitems", "map<string,bigint>",
            "devicecount", "bigint",
            "devicesfailing", "bigint",
            "lastjobid", "string",
            "lastjobstatus", "string",
            "lastjobstartedat", "string",
            "lastjobfinishedat", "string",
            "writtenat", "string");

    /** devices.json: JSON Lines, one device a line. */
    static final Map<String, String> DEVICE_COLUMNS = columns(
            "device", "string",
            "host", "string",
            "platform", "string",
            "model", "string",
            "group", "string",
            "enabled", "boolean",
            "lastcheck", "string",
            "lastsuccess", "string",
            "lastchange", "string",
            "sha256", "string",
            "bytes", "bigint",
            "status", "string",
            "lasterror", "string",
            "version", "string",
            "lastjobid", "string");

    public record Props(IBucket bucket, String databaseName, List<String> accountIds, List<String> regions) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IBucket bucket;
            private String databaseName;
            private List<String> accountIds = List.of();
            private List<String> regions = List.of();

            public Builder bucket(IBucket v) { bucket = v; return this; }
            public Builder databaseName(String v) { databaseName = v; return this; }
            /** Accounts that write into the bucket; empty means this stack's account. */
            public Builder accountIds(List<String> v) { accountIds = v; return this; }
            /** Regions that write into the bucket; empty means this stack's region. */
            public Builder regions(List<String> v) { regions = v; return this; }

            public Props build() {
                return new Props(bucket, databaseName, accountIds, regions);
            }
        }
    }

    private final CfnDatabase database;

    public Cmdb(Construct scope, String id, Props props) {
        super(scope, id);
        database = new CfnDatabase(this, "Database", CfnDatabaseProps.builder()
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(props.databaseName())
                        .description("cfgvault CMDB: deployments and devices metadata written by every backup job")
                        .build())
                .build());
        String accounts = props.accountIds().isEmpty() ? Aws.ACCOUNT_ID : String.join(",", props.accountIds());
        String regions = props.regions().isEmpty() ? Aws.REGION : String.join(",", props.regions());
        table("Deployments", "deployments", "metadata/deployments/", DEPLOYMENT_COLUMNS, props, accounts, regions);
        table("Devices", "devices", "metadata/devices/", DEVICE_COLUMNS, props, accounts, regions);
    }

    public String databaseName() {
        return database.getRef();
    }

    private void table(String id, String name, String prefix, Map<String, String> columns, Props props,
                       String accounts, String regions) {
        String location = "s3://" + props.bucket().getBucketName() + "/" + prefix;
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("classification", "json");
        parameters.put("projection.enabled", "true");
        parameters.put("projection.accountid.type", "enum");
        parameters.put("projection.accountid.values", accounts);
        parameters.put("projection.region.type", "enum");
        parameters.put("projection.region.values", regions);
        parameters.put("projection.deployment.type", "injected");
        parameters.put("storage.location.template",
                location + "accountid=${accountid}/region=${region}/deployment=${deployment}/");

        var cols = new ArrayList<CfnTable.ColumnProperty>();
        columns.forEach((column, type) -> cols.add(CfnTable.ColumnProperty.builder().name(column).type(type).build()));
        var partitionKeys = new ArrayList<CfnTable.ColumnProperty>();
        for (String key : List.of("accountid", "region", "deployment")) {
            partitionKeys.add(CfnTable.ColumnProperty.builder().name(key).type("string").build());
        }
        var table = new CfnTable(this, id, CfnTableProps.builder()
                .catalogId(Aws.ACCOUNT_ID)
                .databaseName(database.getRef())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(name)
                        .description("cfgvault " + name + " metadata (" + prefix + "accountid=/region=/deployment=/)")
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(partitionKeys)
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .columns(cols)
                                .location(location)
                                .inputFormat("org.apache.hadoop.mapred.TextInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary(SERDE)
                                        .parameters(Map.of("case.insensitive", "true", "ignore.malformed.json", "true"))
                                        .build())
                                .build())
                        .build())
                .build());
        table.addDependency(database);
    }

    private static Map<String, String> columns(String... nameTypePairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            map.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return map;
    }
}
