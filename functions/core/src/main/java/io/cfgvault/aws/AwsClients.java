package io.cfgvault.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place SDK clients are built: explicit region, credentials and the url-connection HTTP client,
 * bounded retries, and endpoint overrides from {@link Endpoints}.
 */
public final class AwsClients implements AutoCloseable {
    /** Attempts per call including the first; a dead endpoint fails a job in seconds, not minutes. */
    public static final int MAX_ATTEMPTS = 3;

    private final Region region;
    private final Endpoints endpoints;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    public AwsClients(String region, Endpoints endpoints) {
        this.region = Region.of(region);
        this.endpoints = endpoints;
        // Emulators accept any signature; real AWS gets the standard chain (Lambda role, profile, env).
        this.credentials = endpoints.anyOverride() && endpoints.env().get("AWS_ACCESS_KEY_ID") == null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("cfgvault", "cfgvault"))
                : DefaultCredentialsProvider.builder().build();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    public String region() {
        return region.id();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Human-readable endpoint of a service, for error messages. */
    public String describeEndpoint(String serviceId) {
        return endpoints.endpointFor(serviceId).map(URI::toString)
                .orElse(serviceId + "." + region.id() + ".amazonaws.com");
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "dynamodb").build();
    }

    public S3Client s3() {
        var builder = configure(S3Client.builder(), "s3")
                // S3Proxy and most S3-compatible stores reject the newer default checksums.
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoints.endpointFor("s3").isPresent()) {
            builder.forcePathStyle(true);
        }
        return builder.build();
    }

    /**
     * An S3 client for a bucket elsewhere (a destination): its own region, and an assumed role's credentials when a
     * role is named (the role's trust policy admits this deployment's functions).
     */
    public S3Client s3(java.util.Optional<String> otherRegion, java.util.Optional<String> roleArn) {
        var builder = configure(S3Client.builder(), "s3")
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoints.endpointFor("s3").isPresent()) {
            builder.forcePathStyle(true);
        }
        otherRegion.ifPresent(r -> builder.region(software.amazon.awssdk.regions.Region.of(r)));
        roleArn.ifPresent(arn -> builder.credentialsProvider(
                software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts())
                        .refreshRequest(r -> r.roleArn(arn).roleSessionName("cfgvault-destination"))
                        .build()));
        return builder.build();
    }

    /** Presigns S3 requests against the same endpoint, region and credentials as {@link #s3()}. */
    public software.amazon.awssdk.services.s3.presigner.S3Presigner s3Presigner() {
        var builder = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(endpoints.endpointFor("s3").isPresent()).build());
        endpoints.endpointFor("s3").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), "sqs").build();
    }

    public StsClient sts() {
        return configure(StsClient.builder(), "sts").build();
    }

    public EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder(), "eventbridge").build();
    }

    public software.amazon.awssdk.services.scheduler.SchedulerClient scheduler() {
        return configure(software.amazon.awssdk.services.scheduler.SchedulerClient.builder(), "scheduler").build();
    }

    public SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), "secrets_manager").build();
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, String serviceId) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(MAX_ATTEMPTS))
                        .apiCallAttemptTimeout(Duration.ofSeconds(60))
                        .build());
        endpoints.endpointFor(serviceId).ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
