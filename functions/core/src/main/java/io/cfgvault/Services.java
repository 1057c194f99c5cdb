package io.cfgvault;

import io.cfgvault.aws.AwsClients;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.SecretsManagerCredentials;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.DeviceBackupService;
import io.cfgvault.jobs.DeviceProgress;
import io.cfgvault.ssh.JschConfigFetcher;
import io.cfgvault.jobs.DeviceBackups;
import io.cfgvault.settings.Configuration;
import io.cfgvault.settings.Settings;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.PartitionResolver;
import io.cfgvault.store.S3ObjectStore;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableImporter;
import io.cfgvault.tables.TableNames;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the domain to real clients once per process (Lambda static init, CLI start). The same wiring serves
 * AWS (from environment variables) and the embedded environment (from its endpoints).
 */
public final class Services implements AutoCloseable {
    private final Settings settings;
    private final AwsClients clients;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final ObjectStore store;
    private final TableNames tableNames;
    private final PartitionResolver partitions;
    private volatile DeviceBackups deviceBackups;

    public Services(Settings settings) {
        this.settings = settings;
        this.clients = new AwsClients(settings.region(), settings.endpoints());
        this.dynamo = clients.dynamoDb();
        this.s3 = clients.s3();
        this.store = new S3ObjectStore(s3, settings.bucket(), clients.describeEndpoint("s3"));
        this.tableNames = new TableNames(settings.tablePrefix());
        this.partitions = new PartitionResolver(settings, () -> {
            try (var sts = clients.sts()) {
                return sts.getCallerIdentity().account();
            }
        });
    }

    public static Services fromEnvironment() {
        return new Services(Settings.fromEnvironment());
    }

    public Settings settings() {
        return settings;
    }

    public AwsClients clients() {
        return clients;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    public ObjectStore store() {
        return store;
    }

    public TableNames tableNames() {
        return tableNames;
    }

    public PartitionResolver partitions() {
        return partitions;
    }

    public Configuration configuration() {
        return Configuration.load(dynamo, tableNames);
    }

    public TableExporter tableExporter() {
        return new TableExporter(dynamo, tableNames, store, 4);
    }

    public TableImporter tableImporter() {
        return new TableImporter(dynamo, tableNames);
    }

    public InventoryStore inventory() {
        return new InventoryStore(dynamo, tableNames);
    }

    /** Device backup over SSH with the given credentials source and platform profiles. */
    public DeviceBackupService deviceBackupService(CredentialsResolver credentials, Profiles profiles) {
        return new DeviceBackupService(inventory(), credentials, profiles, new JschConfigFetcher(), store,
                Clock.systemUTC(), DeviceProgress.NONE);
    }

    /** AWS wiring: device credentials from Secrets Manager under the deployment's secret prefix. */
    public Services withSecretsManagerDevices() {
        return withDeviceBackups(deviceBackupService(
                new SecretsManagerCredentials(clients.secretsManager(), settings.secretPrefix()), Profiles.builtin()));
    }

    /** Plugs in device backup (SSH) once its dependencies (credentials, profiles) are known. */
    public Services withDeviceBackups(DeviceBackups backups) {
        this.deviceBackups = backups;
        return this;
    }

    public BackupJobs backupJobs() {
        return new BackupJobs(this::configuration, partitions, tableExporter(), Optional.ofNullable(deviceBackups),
                Clock.systemUTC(), clients::describeEndpoint);
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
        clients.close();
    }
}
