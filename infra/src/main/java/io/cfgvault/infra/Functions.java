package io.cfgvault.infra;

import io.cfgvault.infra.Tables.Logical;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The three Lambda functions (java21, arm64) over one dependency layer, each published as a version with
 * SnapStart and reached only through its {@code live} alias: the scheduled orchestrator, the SQS device
 * worker and the API handler. Each has its own role, granting exactly the tables, S3 partitions, queue,
 * bus and secrets it uses, and its own log group (JSON format, retention).
 */
public final class Functions extends Construct {
    /** What the functions read and write: backups and every CMDB dataset, each under this deployment's partition. */
    private static final List<String> BACKUP_AND_METADATA = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("latest/", "archive/"), Cmdb.metadataPrefixes().stream()).toList();
    /** Seconds the event source waits to fill a batch larger than 10 messages. */
    static final int BATCHING_WINDOW_SECONDS = 2;

    public static final String ALIAS = "live";
    public static final String ORCHESTRATOR_HANDLER = "io.cfgvault.handlers.ScheduledBackupHandler::handleRequest";
    public static final String WORKER_HANDLER = "io.cfgvault.handlers.DeviceBackupWorker::handleRequest";
    public static final String API_HANDLER = "io.cfgvault.handlers.ApiHandler::handleRequest";

    public record Props(Path functionsZip, Path layerZip, String deployment, String tablePrefix, String secretPrefix,
                        IBucket bucket, Tables tables, Queue queue, IEventBus eventBus, Optional<IKey> kmsKey,
                        Optional<String> workerVpcId, List<String> workerSubnetIds, List<String> workerSecurityGroupIds,
                        int memoryMb, int workerMemoryMb, int workerTimeoutSeconds, int workerBatchSize,
                        int workerConcurrency, int logRetentionDays) {
        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Path functionsZip;
            private Path layerZip;
            private String deployment;
            private String tablePrefix;
            private String secretPrefix;
            private IBucket bucket;
            private Tables tables;
            private Queue queue;
            private IEventBus eventBus;
            private Optional<IKey> kmsKey = Optional.empty();
            private Optional<String> workerVpcId = Optional.empty();
            private List<String> workerSubnetIds = List.of();
            private List<String> workerSecurityGroupIds = List.of();
            private int memoryMb = 1024;
            private int workerMemoryMb = 1024;
            private int workerTimeoutSeconds = 300;
            private int workerBatchSize = 50;
            private int workerConcurrency = 20;
            private int logRetentionDays = 90;

            public Builder functionsZip(Path v) { functionsZip = v; return this; }
            public Builder layerZip(Path v) { layerZip = v; return this; }
            public Builder deployment(String v) { deployment = v; return this; }
            public Builder tablePrefix(String v) { tablePrefix = v; return this; }
            public Builder secretPrefix(String v) { secretPrefix = v; return this; }
            public Builder bucket(IBucket v) { bucket = v; return this; }
            public Builder tables(Tables v) { tables = v; return this; }
            public Builder queue(Queue v) { queue = v; return this; }
            public Builder eventBus(IEventBus v) { eventBus = v; return this; }
            public Builder kmsKey(Optional<IKey> v) { kmsKey = v; return this; }
            public Builder workerVpcId(Optional<String> v) { workerVpcId = v; return this; }
            public Builder workerSubnetIds(List<String> v) { workerSubnetIds = v; return this; }
            public Builder workerSecurityGroupIds(List<String> v) { workerSecurityGroupIds = v; return this; }
            public Builder memoryMb(int v) { memoryMb = v; return this; }
            public Builder workerMemoryMb(int v) { workerMemoryMb = v; return this; }
            public Builder workerTimeoutSeconds(int v) { workerTimeoutSeconds = v; return this; }
            public Builder workerBatchSize(int v) { workerBatchSize = v; return this; }
            public Builder workerConcurrency(int v) { workerConcurrency = v; return this; }
            public Builder logRetentionDays(int v) { logRetentionDays = v; return this; }

            public Props build() {
                return new Props(functionsZip, layerZip, deployment, tablePrefix, secretPrefix, bucket, tables, queue,
                        eventBus, kmsKey, workerVpcId, workerSubnetIds, workerSecurityGroupIds, memoryMb, workerMemoryMb,
                        workerTimeoutSeconds, workerBatchSize, workerConcurrency, logRetentionDays);
            }
        }
    }

    /** What a function may do with a table. */
    private enum TableAccess {
        READ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable",
                "dynamodb:ConditionCheckItem"),
        WRITE("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable"),
        /** Read, and update items in place: a scheduled inventory sync (no new item is put whole, none deleted). */
        READ_UPDATE("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable",
                "dynamodb:ConditionCheckItem", "dynamodb:UpdateItem"),
        READ_WRITE("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
                "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

        final List<String> actions;

        TableAccess(String... actions) {
            this.actions = List.of(actions);
        }
    }

    private final Props props;
    private final String partition;
    private final LayerVersion layer;
    private final Function orchestrator;
    private final Function worker;
    private final Function api;
    private final Alias orchestratorAlias;
    private final Alias workerAlias;
    private final Alias apiAlias;

    public Functions(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.partition = "accountid=" + Aws.ACCOUNT_ID + "/region=" + Aws.REGION + "/deployment=" + props.deployment();

        layer = LayerVersion.Builder.create(this, "Dependencies")
                .description("cfgvault runtime dependencies (java/lib/*.jar)")
                .code(Code.fromAsset(props.layerZip().toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();

        // Orchestrator: EventBridge invokes it asynchronously; what fails after Lambda's retries lands in the
        // failure queue (DLQ, part of the published version).
        Role orchestratorRole = role("Orchestrator", false);
        allowTables(orchestratorRole, Map.of(Logical.CONFIGURATION, TableAccess.READ, Logical.SCHEDULER, TableAccess.READ,
                Logical.INVENTORY, TableAccess.READ_UPDATE, Logical.JOBS, TableAccess.READ_WRITE, Logical.AUDIT, TableAccess.WRITE));
        allowInventoryTokens(orchestratorRole);   // scheduler entries with task: inventory-sync
        allowObjects(orchestratorRole, BACKUP_AND_METADATA,
                List.of("s3:GetObject", "s3:PutObject"));
        allowList(orchestratorRole);
        props.queue().work().grantSendMessages(orchestratorRole);
        allowEvents(orchestratorRole);
        orchestrator = function("Orchestrator", "orchestrator", ORCHESTRATOR_HANDLER, orchestratorRole,
                props.memoryMb(), Duration.minutes(10), "Scheduled backup: creates the job, exports the tables, enqueues device batches")
                .deadLetterQueue(props.queue().failures())
                .build();
        orchestratorAlias = alias(orchestrator, "Orchestrator");

        // Worker: SQS event source on the alias, partial batch responses, a concurrency cap that protects
        // the devices and the account; the only function that reads device credentials and may run in a VPC.
        Role workerRole = role("Worker", props.workerVpcId().isPresent());
        allowTables(workerRole, Map.of(Logical.CONFIGURATION, TableAccess.READ, Logical.INVENTORY, TableAccess.READ_WRITE,
                Logical.JOBS, TableAccess.READ_WRITE, Logical.AUDIT, TableAccess.WRITE));
        allowObjects(workerRole, BACKUP_AND_METADATA,
                List.of("s3:GetObject", "s3:PutObject"));
        allowObjects(workerRole, List.of("failed/"), List.of("s3:PutObject"));
        allowObjects(workerRole, List.of("archive/"), List.of("s3:DeleteObject")); // keeps the newest N per device
        allowList(workerRole);
        allowEvents(workerRole);
        allowSecrets(workerRole);
        var workerBuilder = function("Worker", "worker", WORKER_HANDLER, workerRole, props.workerMemoryMb(),
                Duration.seconds(props.workerTimeoutSeconds()), "Device backup worker: one SQS batch of devices over SSH");
        props.workerVpcId().ifPresent(vpcId -> placeInVpc(workerBuilder, vpcId));
        worker = workerBuilder.build();
        workerAlias = alias(worker, "Worker");
        workerAlias.addEventSource(new SqsEventSource(props.queue().work(), SqsEventSourceProps.builder()
                .batchSize(props.workerBatchSize())
                // Above 10 messages Lambda needs a batching window to gather a batch; the orchestrator queues a whole
                // job within seconds, so batches fill up and one invocation overlaps all its devices.
                .maxBatchingWindow(props.workerBatchSize() > 10 ? Duration.seconds(BATCHING_WINDOW_SECONDS) : null)
                .maxConcurrency(props.workerConcurrency())
                .reportBatchItemFailures(true)
                .build()));

        // API: synchronous (API Gateway proxy); everything an operator can ask for over HTTP.
        Role apiRole = role("Api", false);
        var all = new LinkedHashMap<Logical, TableAccess>();
        for (Logical t : Logical.values()) {
            all.put(t, TableAccess.READ_WRITE);
        }
        allowTables(apiRole, all);
        allowObjects(apiRole, BACKUP_AND_METADATA,
                List.of("s3:GetObject", "s3:PutObject"));
        allowList(apiRole);
        props.queue().work().grantSendMessages(apiRole);
        allowEvents(apiRole);
        allowInventoryTokens(apiRole);
        api = function("Api", "api", API_HANDLER, apiRole, props.memoryMb(), Duration.seconds(29),
                "HTTP API (API Gateway REST proxy): jobs, devices, backups, diffs, tables, metadata, audit")
                .build();
        apiAlias = alias(api, "Api");

        suppressFindings();
    }

    public LayerVersion layer() { return layer; }
    public Function orchestrator() { return orchestrator; }
    public Function worker() { return worker; }
    public Function api() { return api; }
    public Alias orchestratorAlias() { return orchestratorAlias; }
    public Alias workerAlias() { return workerAlias; }
    public Alias apiAlias() { return apiAlias; }

    private Function.Builder function(String id, String shortName, String handler, Role role, int memoryMb,
                                      Duration timeout, String description) {
        allowKey(role);
        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs")
                .retention(retention(props.logRetentionDays()))
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("OwnLogGroup")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        var environment = new LinkedHashMap<String, String>();
        environment.put("CFGVAULT_BUCKET", props.bucket().getBucketName());
        environment.put("CFGVAULT_TABLE_PREFIX", props.tablePrefix());
        environment.put("CFGVAULT_DEPLOYMENT", props.deployment());
        environment.put("CFGVAULT_QUEUE_URL", props.queue().work().getQueueUrl());
        environment.put("CFGVAULT_EVENT_BUS", props.eventBus().getEventBusName());
        environment.put("CFGVAULT_SECRET_PREFIX", props.secretPrefix());
        environment.put("CFGVAULT_ACCOUNT_ID", Aws.ACCOUNT_ID); // saves an STS call at every cold start
        return Function.Builder.create(this, id)
                .functionName("cfgvault-" + props.deployment() + "-" + shortName)
                .description(description)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(handler)
                .code(Code.fromAsset(props.functionsZip().toString()))
                .layers(List.of(layer))
                .memorySize(memoryMb)
                .timeout(timeout)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .logGroup(logGroup)
                .role(role)
                .environment(environment);
    }

    /** Every trigger targets this alias; it moves to the new SnapStart-enabled version on each deploy. */
    private Alias alias(Function function, String id) {
        return Alias.Builder.create(this, id + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .description("Published SnapStart version that every trigger invokes")
                .build();
    }

    private Role role(String id, boolean inVpc) {
        var statements = new ArrayList<PolicyStatement>();
        if (inVpc) {
            // What AWSLambdaVPCAccessExecutionRole grants, inline; EC2 supports no resource scoping for these.
            statements.add(PolicyStatement.Builder.create()
                    .sid("VpcNetworkInterfaces")
                    .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                    .resources(List.of("*"))
                    .build());
        }
        var builder = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("cfgvault " + props.deployment() + " " + id.toLowerCase() + " function");
        if (!statements.isEmpty()) {
            builder.inlinePolicies(Map.of("network", PolicyDocument.Builder.create().statements(statements).build()));
        }
        return builder.build();
    }

    private void allowTables(Role role, Map<Logical, TableAccess> access) {
        // Sorted for a stable template regardless of map iteration order.
        access.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> role.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .actions(e.getValue().actions)
                        .resources(List.of(props.tables().table(e.getKey()).getTableArn()))
                        .build()));
    }

    /** The customer key of the bucket (and of the tables and secrets when they use it). */
    private void allowKey(Role role) {
        props.kmsKey().ifPresent(key -> role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("CustomerKey")
                .actions(List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"))
                .resources(List.of(key.getKeyArn()))
                .build()));
    }

    /** Object actions on this deployment's partition under each prefix, nothing else in the bucket. */
    private void allowObjects(Role role, List<String> prefixes, List<String> actions) {
        var resources = new ArrayList<String>();
        for (String prefix : prefixes) {
            resources.add(props.bucket().arnForObjects(prefix + partition + "/*"));
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().actions(actions).resources(resources).build());
    }

    /**
     * s3:ListBucket on the bucket, without an s3:prefix condition: S3 answers a HEAD/GET of a missing key with
     * 404 only to callers allowed to list the bucket, and 403 otherwise; the service checks "is there a previous
     * copy?" with HEAD, and a prefix condition does not match those implicit checks. Listing reveals key names,
     * never contents; object reads and writes stay confined to the deployment's partition.
     */
    private void allowList(Role role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListForNotFound")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.bucket().getBucketArn()))
                .build());
    }

    private void allowEvents(Role role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("events:PutEvents"))
                .resources(List.of(props.eventBus().getEventBusArn()))
                .build());
    }

    private void allowSecrets(Role role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DeviceCredentials")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secretsArn()))
                .build());
    }

    /** POST /inventory/sync and scheduled syncs read the NetBox/Nautobot token, and only that: {@code <prefix>inventory/*}. */
    private void allowInventoryTokens(Role role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InventorySourceTokens")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secretsArn("inventory/*")))
                .build());
    }

    private String secretsArn() {
        return secretsArn("*");
    }

    /** Secrets Manager appends a random 6-character suffix to secret ARNs, hence the trailing wildcard. */
    private String secretsArn(String suffix) {
        return Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("secretsmanager").resource("secret").resourceName(props.secretPrefix() + suffix)
                .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    private void placeInVpc(Function.Builder builder, String vpcId) {
        // Only the VPC id is used: subnets are selected explicitly, so no lookup (and no AWS access) is needed.
        IVpc vpc = Vpc.fromVpcAttributes(this, "WorkerVpc", VpcAttributes.builder()
                .vpcId(vpcId).availabilityZones(Fn.getAzs()).build());
        var subnets = new ArrayList<ISubnet>();
        for (String subnetId : props.workerSubnetIds()) {
            subnets.add(Subnet.fromSubnetId(this, "WorkerSubnet-" + subnetId, subnetId));
        }
        builder.vpc(vpc).vpcSubnets(SubnetSelection.builder().subnets(subnets).build());
        if (!props.workerSecurityGroupIds().isEmpty()) {
            var groups = new ArrayList<ISecurityGroup>();
            for (String groupId : props.workerSecurityGroupIds()) {
                groups.add(SecurityGroup.fromSecurityGroupId(this, "WorkerSecurityGroup-" + groupId, groupId));
            }
            builder.securityGroups(groups);
        }
        // Otherwise CDK creates a security group with no inbound rules and all outbound traffic allowed:
        // devices listen on various SSH ports and the AWS APIs are reached over 443.
    }

    private void suppressFindings() {
        String bucketObjects = "^Resource::.*/(latest|archive|failed|exports|metadata/(destinations|" + String.join("|", Cmdb.datasets().stream().map(Cmdb.Dataset::name).toList()) + "))/accountid=<AWS::AccountId>/region=<AWS::Region>/deployment="
                + props.deployment() + "/\\*$";
        for (Role role : List.of((Role) orchestrator.getRole(), (Role) worker.getRole(), (Role) api.getRole())) {
            Nag.suppress(role, "AwsSolutions-IAM5",
                    "Object keys are dynamic (device names, timestamps) so object ARNs end in '*', but only inside this "
                            + "deployment's accountid/region/deployment partition of each prefix. X-Ray PutTraceSegments/"
                            + "PutTelemetryRecords and the VPC network-interface actions support no resource-level "
                            + "permissions (AWS requires '*'). Secrets Manager adds a random suffix to secret ARNs, so "
                            + "the device-credential grant is the secret-name prefix followed by '*' (the API's "
                            + "inventory-token grant: the prefix, 'inventory/', then '*').",
                    List.of(Nag.matching("/" + bucketObjects + "/g"),
                            "Resource::*",
                            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
                                    + props.secretPrefix() + "*",
                            "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
                                    + props.secretPrefix() + "inventory/*"));
        }
        if (props.workerVpcId().isPresent()) {
            Nag.suppress(worker.getRole(), "Serverless-LambdaStarPermissions",
                    "Only the VPC network-interface actions (ec2:Create/Describe/DeleteNetworkInterface, DescribeSubnets, "
                            + "Assign/UnassignPrivateIpAddresses) are on '*': EC2 offers no resource-level scoping for them, "
                            + "and Lambda needs them to attach the worker to the device subnets.");
        }
        for (Function f : List.of(orchestrator, worker, api)) {
            Nag.suppress(f, "AwsSolutions-L1",
                    "The service is built and tested for the java21 runtime (maven.compiler.release 21, SnapStart on java21).");
            Nag.suppress(f, "Serverless-LambdaLatestVersion",
                    "The service is built and tested for the java21 runtime (maven.compiler.release 21, SnapStart on java21).");
        }
        Nag.suppress(workerAlias, "Serverless-LambdaEventSourceMappingDestination",
                "SQS event sources do not support on-failure destinations; a message that fails maxReceiveCount times "
                        + "moves to the work queue's dead-letter queue (redrive policy), which has a depth alarm.");
        for (Function f : List.of(orchestrator, worker, api)) {
            Annotations.of(f).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Every deploy publishes a version (currentVersion) and the live alias points at it.");
        }
        Nag.suppress(worker, "Serverless-LambdaDLQ",
                "Invoked only by its SQS event source (synchronously); failed messages go to the work queue's "
                        + "dead-letter queue through the queue's redrive policy, so a Lambda DLQ would never receive anything.");
        Nag.suppress(api, "Serverless-LambdaDLQ",
                "Invoked only synchronously by API Gateway; the caller receives the error, there is nothing to dead-letter.");
    }

    static RetentionDays retention(int days) {
        return switch (days) {
            case 1 -> RetentionDays.ONE_DAY;
            case 3 -> RetentionDays.THREE_DAYS;
            case 5 -> RetentionDays.FIVE_DAYS;
            case 7 -> RetentionDays.ONE_WEEK;
            case 14 -> RetentionDays.TWO_WEEKS;
            case 30 -> RetentionDays.ONE_MONTH;
            case 60 -> RetentionDays.TWO_MONTHS;
            case 90 -> RetentionDays.THREE_MONTHS;
            case 120 -> RetentionDays.FOUR_MONTHS;
            case 150 -> RetentionDays.FIVE_MONTHS;
            case 180 -> RetentionDays.SIX_MONTHS;
            case 365 -> RetentionDays.ONE_YEAR;
            case 400 -> RetentionDays.THIRTEEN_MONTHS;
            case 545 -> RetentionDays.EIGHTEEN_MONTHS;
            case 731 -> RetentionDays.TWO_YEARS;
            case 1096 -> RetentionDays.THREE_YEARS;
            case 1827 -> RetentionDays.FIVE_YEARS;
            case 2192 -> RetentionDays.SIX_YEARS;
            case 2557 -> RetentionDays.SEVEN_YEARS;
            case 2922 -> RetentionDays.EIGHT_YEARS;
            case 3288 -> RetentionDays.NINE_YEARS;
            case 3653 -> RetentionDays.TEN_YEARS;
            default -> throw new IllegalArgumentException("cfgvault: log retention of " + days
                    + " days is not offered by CloudWatch Logs; use one of " + Parameters.RETENTION_DAYS);
        };
    }
}
