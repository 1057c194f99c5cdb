package io.cfgvault.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/** One cfgvault deployment. Reads like its table of contents: one line per concern. */
public final class CfgvaultStack extends Stack {
    private final IBucket bucket;
    private final Tables tables;
    private final Queue queue;
    private final Functions functions;
    private final Schedule schedule;
    private final Api api;
    private final Api consoleApi;
    private final Console console;
    private final Alarms alarms;

    public CfgvaultStack(Construct scope, String id, StackProps stackProps, Parameters p, Artifacts artifacts) {
        super(scope, id, stackProps);
        Optional<IKey> key = p.kmsKeyArn().map(arn -> Key.fromKeyArn(this, "CustomerKey", arn));
        IEventBus bus = EventBus.fromEventBusName(this, "Bus", p.eventBusName());

        Optional<BackupBucket> owned = p.centralBucketName().isPresent() ? Optional.empty()
                : Optional.of(new BackupBucket(this, "Backups", BackupBucket.Props.builder()
                        .archiveIaDays(p.archiveIaDays()).archiveGlacierDays(p.archiveGlacierDays())
                        .archiveExpiryDays(p.archiveExpiryDays()).versionsKept(p.versionsKept())
                        .noncurrentDays(p.noncurrentDays()).kmsKey(key).objectLockDays(p.objectLockDays())
                        .organizationId(p.organizationId()).exportExpiryDays(p.exportExpiryDays()).build()));
        bucket = owned.<IBucket>map(BackupBucket::bucket)
                .orElseGet(() -> Bucket.fromBucketName(this, "CentralBucket", p.centralBucketName().orElseThrow()));

        // A member's kmsKeyArn is the central bucket's key (often in another account, which DynamoDB cannot
        // use), so member tables keep the AWS-managed key.
        Optional<IKey> tableKey = p.centralBucketName().isPresent() ? Optional.empty() : key;
        tables = new Tables(this, "Tables", Tables.Props.builder().tablePrefix(p.tablePrefix()).kmsKey(tableKey).build());

        queue = new Queue(this, "Queue", Queue.Props.builder()
                .workerTimeout(Duration.seconds(p.workerTimeoutSeconds())).build());

        functions = new Functions(this, "Functions", Functions.Props.builder()
                .functionsZip(artifacts.functionsZip()).layerZip(artifacts.layerZip())
                .deployment(p.deployment()).tablePrefix(p.tablePrefix()).secretPrefix(p.secretPrefix())
                .bucket(bucket).tables(tables).queue(queue).eventBus(bus).kmsKey(key)
                .workerVpcId(p.workerVpcId()).workerSubnetIds(p.workerSubnetIds())
                .workerSecurityGroupIds(p.workerSecurityGroupIds())
                .memoryMb(p.memoryMb()).workerMemoryMb(p.workerMemoryMb())
                .workerTimeoutSeconds(p.workerTimeoutSeconds()).workerBatchSize(p.workerBatchSize())
                .workerConcurrency(p.workerConcurrency()).logRetentionDays(p.logRetentionDays())
                .build());

        schedule = new Schedule(this, "Schedule", Schedule.Props.builder()
                .deployment(p.deployment()).scheduleExpression(p.scheduleExpression()).timeZone(p.timeZone())
                .deadLetters(queue.failures())
                .build());
        for (var fn : java.util.List.of(functions.orchestrator(), functions.api())) {
            schedule.allowReconcile(fn.getRole());
            schedule.environment().forEach(fn::addEnvironment);
        }

        new DestinationAccess(this, "Destinations", new DestinationAccess.Props(p.deployment(), bucket,
                List.of(functions.orchestrator().getRole(), functions.worker().getRole(), functions.api().getRole()),
                functions.api().getRole(), p.destinationSecrets(), p.destinationRoleArns()));

        api = new Api(this, "Api", Api.Props.builder()
                .name(p.stackName()).handler(functions.apiAlias()).stageName(p.apiStageName())
                .rateLimit(p.apiRateLimit()).burstLimit(p.apiBurstLimit()).logRetentionDays(p.logRetentionDays())
                .build());
        console = new Console(this, "Console", p.stackName());
        consoleApi = new Api(this, "ConsoleApi", Api.Props.builder()
                .name(p.stackName() + "-console").handler(functions.apiAlias()).stageName(p.apiStageName())
                .rateLimit(p.apiRateLimit()).burstLimit(p.apiBurstLimit()).logRetentionDays(p.logRetentionDays())
                .userPool(console.userPool())
                .build());
        // Stage logging needs the account's API Gateway CloudWatch role, which the CLI's API sets.
        consoleApi.restApi().getDeploymentStage().getNode().addDependency(api.restApi());
        console.serve(p.stackName(), consoleApi.consoleUrl(p.apiStageName()), functions.api());

        if (owned.isPresent()) {
            Cmdb cmdb = new Cmdb(this, "Cmdb", Cmdb.Props.builder()
                    .bucket(bucket).databaseName("cfgvault_" + p.deployment().replace('-', '_'))
                    .workgroupName(p.stackName()).kmsKey(key).accessLogs(Optional.of(owned.get().accessLogs()))
                    .accountIds(p.cmdbAccountIds()).regions(p.cmdbRegions()).build());
            output("GlueDatabase", cmdb.databaseName(), "Athena/Glue database of the metadata datasets");
            output("AthenaWorkgroup", cmdb.workgroupName(), "Athena workgroup of the saved CMDB queries (CFGVAULT_ATHENA_WORKGROUP)");
        }

        alarms = new Alarms(this, "Alarms", Alarms.Props.builder()
                .deployment(p.deployment()).alarmTopicArn(p.alarmTopicArn()).stalenessHours(p.stalenessHours())
                .eventBus(bus).orchestrator(functions.orchestrator()).worker(functions.worker())
                .workDeadLetters(queue.workDeadLetters()).failures(queue.failures())
                .logRetentionDays(p.logRetentionDays())
                .build());

        output("BucketName", bucket.getBucketName(), "Backup bucket (CFGVAULT_BUCKET)");
        output("TablePrefix", p.tablePrefix(), "Physical DynamoDB table name = prefix + logical name");
        output("ApiUrl", api.url(), "API base URL (IAM/SigV4 auth)");
        output("ConsoleUrl", consoleApi.consoleUrl(p.apiStageName()), "Web console (sign in with a user of the user pool)");
        output("ConsoleApiUrl", consoleApi.url(), "API base URL for console users (Cognito ID token in Authorization)");
        output("UserPoolId", console.userPool().getUserPoolId(), "Cognito user pool of the console users (groups viewers, operators)");
        output("QueueUrl", queue.work().getQueueUrl(), "Device work queue");
        output("SecretPrefix", p.secretPrefix(), "Secrets Manager name prefix for device credentials");
        output("AlarmTopicArn", alarms.topic().getTopicArn(), "SNS topic the alarms notify; subscribe to it");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public IBucket bucket() { return bucket; }
    public Tables tables() { return tables; }
    public Queue queue() { return queue; }
    public Functions functions() { return functions; }
    public Schedule schedule() { return schedule; }
    public Api api() { return api; }
    public Api consoleApi() { return consoleApi; }
    public Console console() { return console; }
    public Alarms alarms() { return alarms; }
}
