package io.cfgvault.cost;

/**
 * The stack's deployed defaults that drive the bill. infra's {@code Parameters} holds the same values; infra's
 * {@code DeployedDefaultsTest} fails the build when the two differ, so the cost model always prices what a
 * plain {@code scripts/deploy} creates.
 */
public final class DeployedDefaults {
    private DeployedDefaults() {
    }

    /** {@code scheduleExpression} cron(0 * * * ? *): one run an hour, 730 a month (8,760 hours / 12). */
    public static final double RUNS_PER_MONTH = 730;
    public static final int WORKER_BATCH_SIZE = 50;
    public static final int WORKER_CONCURRENCY = 20;
    public static final int WORKER_MEMORY_MB = 1024;
    public static final int MEMORY_MB = 1024;
    public static final int LOG_RETENTION_DAYS = 90;
    public static final int VERSIONS_KEPT = 5;
    /** CloudWatch alarms the stack creates (infra Alarms). */
    public static final int ALARMS = 8;
    /** Days a job and its device results stay in the jobs table (TTL). */
    public static final int JOB_TTL_DAYS = 90;
    /** Archive copies kept per device ({@code backup.retention.versions}). */
    public static final int RETENTION_VERSIONS = 5;
    /** How long a worker container keeps device credentials read from Secrets Manager. */
    public static final int CREDENTIALS_CACHE_MINUTES =
            (int) io.cfgvault.inventory.SecretsManagerCredentials.CACHE_TTL.toMinutes();
}
