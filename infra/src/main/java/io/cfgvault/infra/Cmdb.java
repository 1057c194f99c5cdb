package io.cfgvault.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnNamedQueryProps;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.athena.CfnWorkGroupProps;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnDatabaseProps;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.glue.CfnTableProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The CMDB over the metadata datasets: a Glue database with one Athena table per dataset declared in
 * {@code cmdb/datasets.json} (the same file the writer uses), an Athena workgroup whose results are encrypted
 * and expire, and the saved queries of {@code cmdb/queries/} as named queries in that workgroup.
 * Tables use partition projection (no crawler, no MSCK REPAIR): accountid and region are enumerated from the
 * deploy parameters, deployment is injected (queries name it, or the CLI's saved queries scan all), and
 * day-partitioned datasets project their day as a date. Column names are the JSON field names in lower case
 * (the SerDe matches them case-insensitively); timestamps are ISO-8601 strings, read with
 * {@code from_iso8601_timestamp(...)}.
 */
public final class Cmdb extends Construct {
    static final String SERDE = "org.openx.data.jsonserde.JsonSerDe";
    static final String DATASETS = "/cmdb/datasets.json";
    static final String QUERIES = "/cmdb/queries";
    /** The first day a day-partitioned dataset can hold: the projection range starts here. */
    static final String FIRST_DAY = "2026-01-01";

    public record Props(IBucket bucket, String databaseName, String workgroupName, List<String> accountIds,
                        List<String> regions, Optional<IKey> kmsKey, Optional<IBucket> accessLogs, int resultExpiryDays) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IBucket bucket;
            private String databaseName;
            private String workgroupName;
            private List<String> accountIds = List.of();
            private List<String> regions = List.of();
            private Optional<IKey> kmsKey = Optional.empty();
            private Optional<IBucket> accessLogs = Optional.empty();
            private int resultExpiryDays = 30;

            public Builder bucket(IBucket v) { bucket = v; return this; }
            public Builder databaseName(String v) { databaseName = v; return this; }
            public Builder workgroupName(String v) { workgroupName = v; return this; }
            /** Accounts that write into the bucket; empty means this stack's account. */
            public Builder accountIds(List<String> v) { accountIds = v; return this; }
            /** Regions that write into the bucket; empty means this stack's region. */
            public Builder regions(List<String> v) { regions = v; return this; }
            /** Encrypts query results with this key (SSE-KMS) instead of SSE-S3. */
            public Builder kmsKey(Optional<IKey> v) { kmsKey = v; return this; }
            /** Server access logs of the results bucket go here. */
            public Builder accessLogs(Optional<IBucket> v) { accessLogs = v; return this; }
            /** Query results are deleted after this many days. */
            public Builder resultExpiryDays(int v) { resultExpiryDays = v; return this; }

            public Props build() {
                return new Props(bucket, databaseName, workgroupName, accountIds, regions, kmsKey, accessLogs, resultExpiryDays);
            }
        }
    }

    /** A column as declared in datasets.json: lower-cased name and Hive type. */
    record Column(String name, String type) {}

    /** A dataset as declared in datasets.json. */
    record Dataset(String name, boolean dayPartition, List<Column> columns) {}

    /** A saved query: file name without {@code .sql}, its first comment line, its text. */
    record SavedQuery(String name, String description, String sql) {}

    private final CfnDatabase database;
    private final CfnWorkGroup workgroup;
    private final Bucket results;

    public Cmdb(Construct scope, String id, Props props) {
        super(scope, id);
        database = new CfnDatabase(this, "Database", CfnDatabaseProps.builder()
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(props.databaseName())
                        .description("cfgvault CMDB: the metadata datasets written by every backup job")
                        .build())
                .build());
        String accounts = props.accountIds().isEmpty() ? Aws.ACCOUNT_ID : String.join(",", props.accountIds());
        String regions = props.regions().isEmpty() ? Aws.REGION : String.join(",", props.regions());
        for (Dataset d : datasets()) {
            table(d, props, accounts, regions);
        }

        var bucket = Bucket.Builder.create(this, "Results")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-query-results")
                        .expiration(Duration.days(props.resultExpiryDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .removalPolicy(RemovalPolicy.RETAIN);
        props.accessLogs().ifPresent(logs -> bucket.serverAccessLogsBucket(logs).serverAccessLogsPrefix("cmdb-results/"));
        props.kmsKey().ifPresentOrElse(
                key -> bucket.encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true),
                () -> bucket.encryption(BucketEncryption.S3_MANAGED));
        results = bucket.build();

        var encryption = CfnWorkGroup.EncryptionConfigurationProperty.builder()
                .encryptionOption(props.kmsKey().isPresent() ? "SSE_KMS" : "SSE_S3");
        props.kmsKey().ifPresent(key -> encryption.kmsKey(key.getKeyArn()));
        workgroup = new CfnWorkGroup(this, "Workgroup", CfnWorkGroupProps.builder()
                .name(props.workgroupName())
                .description("cfgvault CMDB queries over the metadata datasets")
                .recursiveDeleteOption(true)
                .state("ENABLED")
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        // A runaway query stops at 10 GB scanned (about $0.05): metadata is small.
                        .bytesScannedCutoffPerQuery(10L * 1024 * 1024 * 1024)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + results.getBucketName() + "/results/")
                                .encryptionConfiguration(encryption.build())
                                .build())
                        .build())
                .build());

        for (SavedQuery q : savedQueries()) {
            var named = new CfnNamedQuery(this, "Query-" + q.name(), CfnNamedQueryProps.builder()
                    .name(q.name())
                    .description(q.description())
                    .database(props.databaseName())
                    .workGroup(workgroup.getRef())
                    .queryString(q.sql())
                    .build());
            named.addDependency(workgroup);
            named.addDependency(database);
        }
    }

    public String databaseName() {
        return database.getRef();
    }

    public String workgroupName() {
        return workgroup.getRef();
    }

    public Bucket results() {
        return results;
    }

    private void table(Dataset d, Props props, String accounts, String regions) {
        String prefix = "metadata/" + d.name() + "/";
        String location = "s3://" + props.bucket().getBucketName() + "/" + prefix;
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("classification", "json");
        parameters.put("projection.enabled", "true");
        parameters.put("projection.accountid.type", "enum");
        parameters.put("projection.accountid.values", accounts);
        parameters.put("projection.region.type", "enum");
        parameters.put("projection.region.values", regions);
        parameters.put("projection.deployment.type", "injected");
        String template = location + "accountid=${accountid}/region=${region}/deployment=${deployment}/";
        var keys = new ArrayList<>(List.of("accountid", "region", "deployment"));
        if (d.dayPartition()) {
            parameters.put("projection.day.type", "date");
            parameters.put("projection.day.format", "yyyy-MM-dd");
            parameters.put("projection.day.range", FIRST_DAY + ",NOW");
            parameters.put("projection.day.interval", "1");
            parameters.put("projection.day.interval.unit", "DAYS");
            template += "day=${day}/";
            keys.add("day");
        }
        parameters.put("storage.location.template", template);

        var cols = new ArrayList<CfnTable.ColumnProperty>();
        d.columns().forEach(c -> cols.add(CfnTable.ColumnProperty.builder().name(c.name()).type(c.type()).build()));
        var partitionKeys = new ArrayList<CfnTable.ColumnProperty>();
        for (String key : keys) {
            partitionKeys.add(CfnTable.ColumnProperty.builder().name(key).type("string").build());
        }
        String id = d.name().substring(0, 1).toUpperCase(Locale.ROOT) + d.name().substring(1);
        var table = new CfnTable(this, id, CfnTableProps.builder()
                .catalogId(Aws.ACCOUNT_ID)
                .databaseName(database.getRef())
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(d.name())
                        .description("cfgvault " + d.name() + " metadata (" + prefix + "accountid=/region=/deployment=/"
                                + (d.dayPartition() ? "day=/" : "") + ")")
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

    /** The datasets of {@code cmdb/datasets.json}, which the build copies from functions/core. */
    static List<Dataset> datasets() {
        try (InputStream in = Cmdb.class.getResourceAsStream(DATASETS)) {
            if (in == null) {
                throw new IllegalStateException(DATASETS + " is missing from the infra build (copied from functions/core)");
            }
            var out = new ArrayList<Dataset>();
            for (JsonNode d : new ObjectMapper().readTree(in).get("datasets")) {
                var columns = new ArrayList<Column>();
                for (JsonNode f : d.get("fields")) {
                    columns.add(new Column(f.get("name").asText().toLowerCase(Locale.ROOT), f.get("type").asText()));
                }
                out.add(new Dataset(d.get("name").asText(), d.get("dayPartition").asBoolean(), columns));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code metadata/<dataset>/} for every dataset: the prefixes the functions write and members may write. */
    static List<String> metadataPrefixes() {
        return datasets().stream().map(d -> "metadata/" + d.name() + "/").toList();
    }

    /** The saved queries of {@code cmdb/queries/*.sql}, by name. */
    static List<SavedQuery> savedQueries() {
        try {
            URI uri = Cmdb.class.getResource(QUERIES).toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(fs.getPath(QUERIES));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(QUERIES + " is missing from the infra build (copied from functions/core)", e);
        }
    }

    private static List<SavedQuery> read(Path dir) throws IOException {
        var byName = new TreeMap<String, SavedQuery>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                String sql = Files.readString(f, StandardCharsets.UTF_8).strip();
                String name = f.getFileName().toString().replaceFirst("\\.sql$", "");
                String description = sql.lines().findFirst().filter(l -> l.startsWith("--"))
                        .map(l -> l.substring(2).strip()).orElse(name);
                byName.put(name, new SavedQuery(name, description, sql));
            }
        }
        return List.copyOf(byName.values());
    }
}
