package io.cfgvault.local.cli;

import io.cfgvault.settings.Settings;
import java.util.ArrayList;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code --aws}: checks the environment before any client is built, so that a missing region, bucket or
 * credentials is one line naming what to set instead of the SDK's credential-chain report.
 */
final class AwsPreflight {
    private AwsPreflight() {}

    static Settings check(Map<String, String> env) {
        var missing = new ArrayList<String>();
        if (blank(env, "AWS_REGION") && blank(env, "AWS_DEFAULT_REGION")) {
            missing.add("AWS_REGION (the deployment's region, e.g. eu-west-1)");
        }
        if (blank(env, "CFGVAULT_BUCKET")) {
            missing.add("CFGVAULT_BUCKET (stack output BucketName)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--aws needs " + String.join(", ", missing)
                    + " in the environment (see README, Environment variables)");
        }
        if (blank(env, "AWS_ENDPOINT_URL")) {
            try (var provider = DefaultCredentialsProvider.builder().build()) {
                provider.resolveCredentials();
            } catch (SdkClientException e) {
                throw new IllegalArgumentException("--aws found no AWS credentials: set AWS_PROFILE (after `aws sso login` or "
                        + "`aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
        }
        return Settings.fromEnvironment(env);
    }

    private static boolean blank(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank();
    }
}
