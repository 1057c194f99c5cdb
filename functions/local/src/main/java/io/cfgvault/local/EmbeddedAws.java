package io.cfgvault.local;

import io.cfgvault.aws.AwsClients;
import io.cfgvault.aws.Endpoints;
import io.cfgvault.settings.Settings;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The embedded default: DynamoDB Local, S3Proxy (filesystem backend) and ElasticMQ in this JVM, each on a free
 * port of 127.0.0.1, with data under one directory. The CLI, the demo and the tests all start it through here.
 */
public final class EmbeddedAws implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String BUCKET = "cfgvault-local";
    public static final String TABLE_PREFIX = "cfgvault-";
    public static final String QUEUE = "cfgvault-devices";

    private final Path dataDir;
    private final DynamoDBProxyServer dynamo;
    private final S3Proxy s3;
    private final SQSRestServer sqs;
    private final int sqsPort;
    private final Settings settings;
    private final DataDirLock lock;

    private EmbeddedAws(Path dataDir, DynamoDBProxyServer dynamo, int dynamoPort, S3Proxy s3, SQSRestServer sqs, int sqsPort,
                        DataDirLock lock) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.dynamo = dynamo;
        this.s3 = s3;
        this.sqs = sqs;
        this.sqsPort = sqsPort;
        var endpoints = Endpoints.of(Map.of(
                "dynamodb", URI.create("http://127.0.0.1:" + dynamoPort),
                "s3", URI.create("http://127.0.0.1:" + s3.getPort()),
                "sqs", URI.create("http://127.0.0.1:" + sqsPort)));
        this.settings = new Settings(REGION, BUCKET, TABLE_PREFIX, Optional.of(Settings.LOCAL_ACCOUNT), "default",
                Optional.empty(), Optional.empty(), "cfgvault/", endpoints);
    }

    /** Starts all services with state under {@code dataDir} (created if absent) and creates the bucket and tables. */
    public static EmbeddedAws start(Path dataDir) throws Exception {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir.resolve("dynamodb"));
        Files.createDirectories(dir.resolve("s3"));
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            return start(dir, lock);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedAws start(Path dir, DataDirLock lock) throws Exception {
        NativeLibraries.prepareSqlite(dir);

        int dynamoPort = freePort();
        // DynamoDB Local prints its configuration banner on stdout; keep stdout for our own report.
        var stdout = System.out;
        DynamoDBProxyServer dynamo;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {
                    "-port", Integer.toString(dynamoPort), "-dbPath", dir.resolve("dynamodb").toString(), "-disableTelemetry", "-sharedDb"});
        } finally {
            System.setOut(stdout);
        }
        loopbackOnly(dynamo);
        dynamo.start();

        var props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.resolve("s3").toString());
        var blobStore = new ContainedBlobStore(ContextBuilder.newBuilder("filesystem").overrides(props)
                .build(BlobStoreContext.class).getBlobStore(), dir.resolve("s3"));
        S3Proxy s3 = S3Proxy.builder().blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .build();
        s3.start();
        while (!"STARTED".equals(s3.getState())) {
            Thread.sleep(10);
        }

        SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion(REGION).withAWSAccountId(Settings.LOCAL_ACCOUNT).start();
        int sqsPort = sqs.waitUntilStarted().localAddress().getPort();

        var env = new EmbeddedAws(dir, dynamo, dynamoPort, s3, sqs, sqsPort, lock);
        env.provision();
        return env;
    }

    /**
     * DynamoDB Local builds its Jetty server on all interfaces; we rebind its one connector to loopback before
     * start. Reflection because the server is a private field with no accessor.
     */
    private static void loopbackOnly(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        var field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        ((ServerConnector) server.getConnectors()[0]).setHost("127.0.0.1");
    }

    /** DynamoDB Local refuses port 0, so we pick a free loopback port (a tiny race we accept locally). */
    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void provision() {
        try (var clients = new AwsClients(REGION, settings.endpoints());
             var ddb = clients.dynamoDb();
             var s3c = clients.s3();
             var sqsc = clients.sqs()) {
            if (!s3c.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(BUCKET))) {
                s3c.createBucket(b -> b.bucket(BUCKET));
            }
            createTables(ddb, new TableNames(TABLE_PREFIX));
            sqsc.createQueue(b -> b.queueName(QUEUE).attributes(Map.of(
                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "120")));
        }
    }

    /** Creates the application tables as the CDK stack does (string hash keys, on-demand). */
    public static void createTables(DynamoDbClient ddb, TableNames names) {
        for (AppTable table : AppTable.values()) {
            try {
                ddb.createTable(b -> b.tableName(names.physical(table))
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(AttributeDefinition.builder().attributeName(table.hashKey())
                                .attributeType(ScalarAttributeType.S).build())
                        .keySchema(KeySchemaElement.builder().attributeName(table.hashKey()).keyType(KeyType.HASH).build()));
            } catch (ResourceInUseException alreadyThere) {
                // tables persist in the data dir between runs
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where S3Proxy keeps an object: a plain file at {@code DATA_DIR/s3/<bucket>/<key>}. */
    public Path objectFile(String key) {
        return dataDir.resolve("s3").resolve(BUCKET).resolve(key);
    }

    public String queueUrl() {
        return "http://127.0.0.1:" + sqsPort + "/" + Settings.LOCAL_ACCOUNT + "/" + QUEUE;
    }

    @Override
    public void close() {
        try {
            sqs.stopAndWait();
        } catch (RuntimeException ignored) {
            // best effort on shutdown
        }
        try {
            s3.stop();
        } catch (Exception ignored) {
            // best effort on shutdown
        }
        try {
            dynamo.stop();
        } catch (Exception ignored) {
            // best effort on shutdown
        }
        lock.close();
    }
}
