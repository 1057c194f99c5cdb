package io.cfgvault;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.aws.AwsClients;
import io.cfgvault.config.Profiles;
import io.cfgvault.events.EventBridgePublisher;
import io.cfgvault.events.EventPublisher;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.SecretsManagerCredentials;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.DeviceBackupService;
import io.cfgvault.jobs.OtherJobs;
import io.cfgvault.jobs.DeviceProgress;
import io.cfgvault.jobs.DeviceWorker;
import io.cfgvault.jobs.JobRecorder;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.metadata.MetadataWriter;
import io.cfgvault.queue.DeviceQueue;
import io.cfgvault.queue.SqsDeviceQueue;
import io.cfgvault.settings.Configuration;
import io.cfgvault.settings.Settings;
import io.cfgvault.ssh.JschConfigFetcher;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.settings.PartitionResolver;
import io.cfgvault.store.S3Layout;
import io.cfgvault.store.S3ObjectStore;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableImporter;
import io.cfgvault.tables.TableNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the domain to real clients once per process (Lambda static init, CLI start). The same wiring serves
 * AWS (from environment variables) and the embedded environment (from its endpoints). What differs between
 * Lambda, the local runtime and tests (events, device credentials, inventory-source tokens) is chosen on the
 * {@link Builder}; a built instance never changes (its SQS and Scheduler clients are only created on first use).
 */
public final class Services implements AutoCloseable {
    private static final Duration RECORD_TTL = Duration.ofDays(90);

    private final Settings settings;
    private final AwsClients clients;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final ObjectStore store;
    private final TableNames tableNames;
    private final PartitionResolver partitions;
    private final Clock clock = Clock.systemUTC();
    private volatile SqsClient sqs;
    private volatile software.amazon.awssdk.services.scheduler.SchedulerClient scheduler;
    private final EventPublisher events;
    private final Optional<DeviceBackupService> deviceBackups;
    private final io.cfgvault.inventory.source.SourceTokens sourceTokens;
    private final Optional<io.cfgvault.restore.RestoreService> restores;

    /** Services with the defaults: events per settings, tokens from the environment, no device backup. */
    public Services(Settings settings) {
        this(builder(settings));
    }

    private Services(Builder b) {
        this.settings = b.settings;
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
        this.events = b.events != null ? b.events
                : settings.eventBus().<EventPublisher>map(bus -> new EventBridgePublisher(clients.eventBridge(), bus))
                        .orElse(EventPublisher.NONE);
        this.sourceTokens = b.sourceTokens != null ? b.sourceTokens
                : new io.cfgvault.inventory.source.SourceTokens(System.getenv(), clients::secretsManager, settings.secretPrefix());
        if (b.credentials != null) {
            CredentialsResolver credentials = b.credentials.apply(this);
            this.deviceBackups = Optional.of(deviceBackupService(credentials, b.profiles));
            this.restores = Optional.of(restoreService(credentials, b.profiles));
        } else {
            this.deviceBackups = Optional.empty();
            this.restores = Optional.empty();
        }
    }

    public static Services fromEnvironment() {
        return new Services(Settings.fromEnvironment());
    }

    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /** Chooses, once, what a deployment or test wires differently; {@link #build} makes the immutable services. */
    public static final class Builder {
        private final Settings settings;
        private EventPublisher events;
        private io.cfgvault.inventory.source.SourceTokens sourceTokens;
        private java.util.function.Function<Services, CredentialsResolver> credentials;
        private Profiles profiles = Profiles.builtin();

        private Builder(Settings settings) {
            this.settings = settings;
        }

        /** Where job and change events go instead of EventBridge (CFGVAULT_EVENT_BUS) or nowhere: a file locally. */
        public Builder events(EventPublisher publisher) {
            this.events = publisher;
            return this;
        }

        /** Inventory-source tokens from elsewhere than the process environment (tests, a future vault). */
        public Builder sourceTokens(io.cfgvault.inventory.source.SourceTokens tokens) {
            this.sourceTokens = tokens;
            return this;
        }

        /** Device backup and restore over SSH with these credentials and platform profiles. */
        public Builder devices(CredentialsResolver credentials, Profiles profiles) {
            this.credentials = s -> credentials;
            this.profiles = profiles;
            return this;
        }

        /** AWS: device credentials from Secrets Manager under the deployment's secret prefix, built-in profiles. */
        public Builder secretsManagerDevices() {
            this.credentials = s -> new SecretsManagerCredentials(s.clients.secretsManager(), settings.secretPrefix());
            this.profiles = Profiles.builtin();
            return this;
        }

        public Services build() {
            return new Services(this);
        }
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

    public io.cfgvault.settings.ConfigurationStore configurationStore() {
        return new io.cfgvault.settings.DynamoConfigurationStore(dynamo, tableNames);
    }

    /** The configuration table as it is now (one consistent scan). */
    public Configuration configuration() {
        return configurationStore().load();
    }

    /** The S3 layout of this deployment, as of the current configuration. */
    public S3Layout layout() {
        return new S3Layout(partitions.resolve(configuration()));
    }

    public TableExporter tableExporter() {
        return new TableExporter(dynamo, tableNames, store, 4);
    }

    public TableImporter tableImporter() {
        // Schedules are checked at write time: a bad backup.cron or scheduler entry is refused before anything changes.
        // So are destinations: a bad destination.* key is refused by name.
        return new TableImporter(dynamo, tableNames, new io.cfgvault.schedules.ScheduleRules(
                () -> inventory().list().stream().map(InventoryStore.Entry::device).toList())
                .and(new io.cfgvault.destinations.DestinationRules()));
    }

    public InventoryStore inventory() {
        return new io.cfgvault.inventory.DynamoInventoryStore(dynamo, tableNames);
    }

    /** Where API-started inventory syncs find their NetBox/Nautobot token (environment, else Secrets Manager). */
    /** Scheduled NetBox/Nautobot syncs of the configured instance (scheduler entries with task: inventory-sync). */
    public io.cfgvault.inventory.source.ConfiguredSync configuredSync() {
        return new io.cfgvault.inventory.source.ConfiguredSync(inventory(), this::configuration, this::sourceTokens,
                new java.util.HashSet<>(io.cfgvault.config.Profiles.builtin().names()), auditLog());
    }

    public io.cfgvault.inventory.source.SourceTokens sourceTokens() {
        return sourceTokens;
    }

    public io.cfgvault.schedules.ScheduleTable scheduleTable() {
        return new io.cfgvault.schedules.DynamoScheduleTable(dynamo, tableNames);
    }

    /**
     * backup.cron and the scheduler entries. The deploy may set the default zone ({@code CFGVAULT_TIME_ZONE}) and
     * the schedule that runs while backup.cron is unset ({@code CFGVAULT_DEFAULT_SCHEDULE}, the stack's own).
     */
    public io.cfgvault.schedules.Schedules schedules() {
        return new io.cfgvault.schedules.Schedules(this::configuration, scheduleTable(),
                Optional.ofNullable(System.getenv("CFGVAULT_TIME_ZONE")).filter(z -> !z.isBlank()), settings.region(),
                Optional.ofNullable(System.getenv("CFGVAULT_DEFAULT_SCHEDULE")).filter(z -> !z.isBlank())
                        .orElse(BackupJobs.DEFAULT_CRON));
    }

    /**
     * The reconciler of the deployment's EventBridge Scheduler group, when the stack configured one
     * ({@code CFGVAULT_SCHEDULE_GROUP}, {@code CFGVAULT_SCHEDULE_ROLE_ARN}, {@code CFGVAULT_SCHEDULE_TARGET_ARN}).
     * Locally there is none: {@code serve}'s ticker reads the tables itself.
     */
    public Optional<io.cfgvault.schedules.ScheduleReconciler> scheduleReconciler() {
        return scheduleReconciler(System.getenv());
    }

    public Optional<io.cfgvault.schedules.ScheduleReconciler> scheduleReconciler(java.util.Map<String, String> env) {
        String group = env.get("CFGVAULT_SCHEDULE_GROUP");
        String role = env.get("CFGVAULT_SCHEDULE_ROLE_ARN");
        String target = env.get("CFGVAULT_SCHEDULE_TARGET_ARN");
        if (group == null || group.isBlank() || role == null || role.isBlank() || target == null || target.isBlank()) {
            return Optional.empty();
        }
        var client = scheduler == null ? (scheduler = clients.scheduler()) : scheduler;
        return Optional.of(new io.cfgvault.schedules.ScheduleReconciler(schedules(),
                new io.cfgvault.schedules.EventBridgeSchedules(client, group, role), target, clock));
    }

    public JobStore jobStore() {
        return new io.cfgvault.jobs.DynamoJobStore(dynamo, tableNames, clock, RECORD_TTL);
    }

    public AuditLog auditLog() {
        return new io.cfgvault.audit.DynamoAuditLog(dynamo, tableNames, clock, RECORD_TTL);
    }

    public MetadataWriter metadata() {
        return new MetadataWriter(store, inventory(), jobStore(), clock);
    }

    public JobRecorder recorder() {
        // Both after-job steps read the configuration within milliseconds of each other: one table scan serves both.
        java.util.function.Supplier<Configuration> configuration = readOnceBriefly(this::configuration);
        var writeBack = new io.cfgvault.inventory.source.WriteBack(inventory(), configuration, this::sourceTokens);
        JobStore jobs = jobStore();
        // The job item no longer carries its device list (chunk items do, to keep counter updates cheap).
        var deliveries = new io.cfgvault.destinations.JobDeliveries(destinations(), jobs, configuration);
        return new JobRecorder(jobs, metadata(), events, auditLog(), java.util.List.of(
                new JobRecorder.AfterJob("write-back", (job, layout) ->
                        writeBack.run(jobs.devices(job.id())).ifPresent(note -> jobs.setWriteBack(job.id(), note))),
                new JobRecorder.AfterJob("delivery to destinations", deliveries::deliver)));
    }

    /** A configuration read that is reused for five seconds, so the steps that follow a job scan the table once. */
    private java.util.function.Supplier<Configuration> readOnceBriefly(java.util.function.Supplier<Configuration> load) {
        var cached = new java.util.concurrent.atomic.AtomicReference<java.util.Map.Entry<java.time.Instant, Configuration>>();
        return () -> {
            java.time.Instant now = clock.instant();
            var c = cached.get();
            if (c != null && now.isBefore(c.getKey().plusSeconds(5))) {
                return c.getValue();
            }
            Configuration fresh = load.get();
            cached.set(java.util.Map.entry(now, fresh));
            return fresh;
        };
    }

    /**
     * Deliveries to Git and S3 destinations after each job. Credentials references resolve from the environment and
     * files, and {@code secret:NAME} from Secrets Manager (in AWS), cached for the container's life up to a TTL.
     */
    public io.cfgvault.destinations.DestinationRunner destinations() {
        return new io.cfgvault.destinations.DestinationRunner(store,
                io.cfgvault.destinations.SecretReader.of(System.getenv(), destinationSecrets),
                this::destinationBucket, events, clock, io.cfgvault.destinations.DestinationRunner.Backoff.EXPONENTIAL,
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "cfgvault-git"), 3);
    }

    /** Zip exports of a selection, stored under exports/ and shared by link. */
    public io.cfgvault.sharing.ExportService exports() {
        return new io.cfgvault.sharing.ExportService(new io.cfgvault.sharing.ConfigExport(store, inventory()), store,
                linkSigner(), clock);
    }

    /** Exports larger than one API call: queued, run by the device worker, followed by GET /exports/{id}. */
    public io.cfgvault.sharing.ExportJobs exportJobs() {
        return new io.cfgvault.sharing.ExportJobs(jobStore(), exports(), store, linkSigner(), deviceQueue(), clock);
    }

    /** Presigned download links to objects of the backup bucket. */
    public io.cfgvault.sharing.LinkSigner linkSigner() {
        return new io.cfgvault.sharing.S3LinkSigner(clients.s3Presigner(), settings.bucket());
    }

    private final java.util.concurrent.ConcurrentHashMap<String, S3Client> destinationClients = new java.util.concurrent.ConcurrentHashMap<>();

    private ObjectStore destinationBucket(io.cfgvault.destinations.Destination.S3 d) {
        S3Client client = destinationClients.computeIfAbsent(d.region().orElse("") + "|" + d.roleArn().orElse(""),
                k -> clients.s3(d.region(), d.roleArn()));
        return new S3ObjectStore(client, d.bucket(), "s3://" + d.bucket());
    }

    private final io.cfgvault.destinations.CachedSecrets destinationSecrets =
            new io.cfgvault.destinations.CachedSecrets(this::secretString, clock);

    private String secretString(String name) {
        try (var sm = clients.secretsManager()) {
            return sm.getSecretValue(b -> b.secretId(name)).secretString();
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            throw new IllegalArgumentException("secret '" + name + "' does not exist");
        }
    }

    /** Device backup over SSH with the given credentials source and platform profiles. */
    public DeviceBackupService deviceBackupService(CredentialsResolver credentials, Profiles profiles) {
        return new DeviceBackupService(inventory(), credentials, profiles, new JschConfigFetcher(), store,
                clock, DeviceProgress.NONE);
    }

    /** Restore jobs: started by the API, run by the device worker (when built with devices). */
    public io.cfgvault.restore.RestoreJobs restoreJobs() {
        return new io.cfgvault.restore.RestoreJobs(jobStore(), inventory(), deviceQueue(), clock);
    }

    /** Single-device restore with the given credentials source and platform profiles. */
    public io.cfgvault.restore.RestoreService restoreService(CredentialsResolver credentials, Profiles profiles) {
        return new io.cfgvault.restore.RestoreService(inventory(), credentials, profiles, new JschConfigFetcher(),
                deviceBackupService(credentials, profiles), store, auditLog(), clock);
    }

    /** Device backup as built (with {@link Builder#devices} or {@link Builder#secretsManagerDevices}), if at all. */
    public Optional<DeviceBackupService> deviceBackups() {
        return deviceBackups;
    }

    private SqsClient sqs() {
        SqsClient c = sqs;
        if (c == null) {
            synchronized (this) {
                if (sqs == null) {
                    sqs = clients.sqs();
                }
                c = sqs;
            }
        }
        return c;
    }

    public SqsClient sqsClient() {
        return sqs();
    }

    public Optional<DeviceQueue> deviceQueue() {
        return settings.queueUrl().map(url -> new SqsDeviceQueue(sqs(), url));
    }

    public BackupJobs backupJobs() {
        return backupJobs(deviceBackups);
    }

    /** Backup jobs that back devices up with this service (the CLI's: file credentials, a progress bar). */
    public BackupJobs backupJobs(DeviceBackupService devices) {
        return backupJobs(Optional.of(devices));
    }

    private BackupJobs backupJobs(Optional<DeviceBackupService> devices) {
        return new BackupJobs(this::configuration, partitions, tableExporter(), recorder(), inventory(),
                devices, deviceQueue(), clock, clients::describeEndpoint);
    }

    public DeviceWorker deviceWorker() {
        return new DeviceWorker(deviceBackups().orElseThrow(() -> new IllegalStateException("device backup is not configured")),
                inventory(), recorder(), this::configuration,
                exportJobs().runner().orElse(restores.map(r -> restoreJobs().runner(r)).orElse(OtherJobs.NONE)));
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
        destinationClients.values().forEach(S3Client::close);
        if (sqs != null) {
            sqs.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        clients.close();
    }
}
