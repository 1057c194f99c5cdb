package io.cfgvault.settings;

import io.cfgvault.aws.Endpoints;
import java.util.Map;
import java.util.Optional;

/**
 * Deployment-level settings read once from environment variables (Lambda) or built by the embedded
 * environment. Everything tunable at run time lives in the configuration table instead.
 *
 * @param region         AWS region ({@code AWS_REGION})
 * @param bucket         backup bucket ({@code CFGVAULT_BUCKET})
 * @param tablePrefix    prefix of the physical table names ({@code CFGVAULT_TABLE_PREFIX})
 * @param accountId      account id for S3 keys; empty means "ask STS" ({@code CFGVAULT_ACCOUNT_ID})
 * @param deployment     default deployment name, overridden by the {@code deployment.name} configuration key
 * @param queueUrl       device work queue ({@code CFGVAULT_QUEUE_URL}), empty when devices run in-process
 * @param eventBus       EventBridge bus for job and change events ({@code CFGVAULT_EVENT_BUS})
 * @param secretPrefix   Secrets Manager name prefix for device credentials ({@code CFGVAULT_SECRET_PREFIX})
 * @param endpoints      endpoint overrides
 */
public record Settings(String region, String bucket, String tablePrefix, Optional<String> accountId,
                       String deployment, Optional<String> queueUrl, Optional<String> eventBus,
                       String secretPrefix, Endpoints endpoints) {

    /** Account id used when the endpoints are local emulators and no account was given. */
    public static final String LOCAL_ACCOUNT = "000000000000";

    public static Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
        String deployment = first(env, "CFGVAULT_DEPLOYMENT").orElse("default");
        // the defaults are the names the stack gives a deployment, so the CLI's --aws finds what scripts/deploy made
        return new Settings(
                region,
                first(env, "CFGVAULT_BUCKET").orElse("cfgvault-local"),
                first(env, "CFGVAULT_TABLE_PREFIX").orElse("cfgvault-" + deployment + "-"),
                first(env, "CFGVAULT_ACCOUNT_ID"),
                deployment,
                first(env, "CFGVAULT_QUEUE_URL"),
                first(env, "CFGVAULT_EVENT_BUS"),
                first(env, "CFGVAULT_SECRET_PREFIX").orElse("cfgvault/" + deployment + "/"),
                new Endpoints(env));
    }

    public Settings withEndpoints(Endpoints newEndpoints) {
        return new Settings(region, bucket, tablePrefix, accountId, deployment, queueUrl, eventBus, secretPrefix, newEndpoints);
    }

    public Settings withQueueUrl(String url) {
        return new Settings(region, bucket, tablePrefix, accountId, deployment, Optional.ofNullable(url), eventBus, secretPrefix, endpoints);
    }

    public Settings withBucket(String newBucket) {
        return new Settings(region, newBucket, tablePrefix, accountId, deployment, queueUrl, eventBus, secretPrefix, endpoints);
    }

    public Settings withTablePrefix(String prefix) {
        return new Settings(region, bucket, prefix, accountId, deployment, queueUrl, eventBus, secretPrefix, endpoints);
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.trim());
            }
        }
        return Optional.empty();
    }
}
