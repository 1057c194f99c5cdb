package io.cfgvault.cost;

/**
 * What the bill depends on. {@link #defaults(int)} gives the deployed defaults and the per-device figures measured
 * on the simulated devices (see README, "Monthly cost"); every field can be overridden from {@code cfgvault cost}.
 *
 * @param devices               devices backed up by every run
 * @param runsPerMonth          scheduled runs a month (730 for hourly)
 * @param changesPerMonth       changed configs per device a month (7.3 = 1 % of hourly fetches)
 * @param secondsPerDevice      SSH time of the slowest device of a batch (connect to last byte), seconds
 * @param memoryMb              worker memory
 * @param batch                 device messages per worker invocation
 * @param parallelPerInvocation devices one invocation fetches at once (the whole batch when overlapped)
 * @param workerConcurrency     concurrent worker invocations (for the projected job wall time)
 * @param cpuMsPerDevice        worker CPU per device (SSH crypto, YAML, SDK calls), milliseconds of one vCPU
 * @param invocationOverheadSeconds per invocation beyond the slowest device: reads, counting, answering SQS
 * @param orchestratorSecondsPerRun base orchestrator time a run (tables, job), plus {@code orchestratorMsPerDevice}
 * @param orchestratorMsPerDevice   orchestrator time per device (inventory paging, queueing)
 * @param configKb              stored size of one device document
 * @param writeUnitsPerDevice   DynamoDB write request units per device fetch (measured against DynamoDB Local)
 * @param readUnitsPerDevice    DynamoDB read request units per device fetch, the run's inventory scans included
 * @param s3RequestsUnchanged   S3 GET/HEAD requests for a fetch that found no change
 * @param s3PutsChanged         S3 PUT/LIST requests for a changed config (archive, latest, retention listing)
 * @param s3GetsChanged         S3 GET requests for a changed config (the previous copy, for the diff)
 * @param s3PutsPerRun          S3 PUTs a run beyond devices (three table exports, two metadata files)
 * @param s3GetsPerRun          S3 GET/HEAD requests a run beyond devices
 * @param logBytesPerDevice     CloudWatch log bytes per device fetch (worker and orchestrator)
 * @param logBytesPerInvocation CloudWatch log bytes per worker invocation (its batch line, platform lines)
 * @param resultBytesPerDevice  size of one device result in the jobs table
 * @param jobTtlDays            days device results stay in the jobs table
 * @param secrets               Secrets Manager secrets holding device credentials
 * @param credentialsCacheMinutes how long a container reuses a secret it read
 * @param alarms                CloudWatch alarms
 * @param logRetentionDays      retention of the log groups
 * @param versionsKept          noncurrent versions of each latest/ object kept
 * @param retentionVersions     archive copies kept per device
 * @param tracedFraction        share of worker invocations X-Ray records beyond its one-a-second reservoir
 * @param kms                   a customer managed KMS key encrypts bucket and tables
 */
public record Assumptions(
        int devices,
        double runsPerMonth,
        double changesPerMonth,
        double secondsPerDevice,
        int memoryMb,
        int batch,
        int parallelPerInvocation,
        int workerConcurrency,
        double cpuMsPerDevice,
        double invocationOverheadSeconds,
        double orchestratorSecondsPerRun,
        double orchestratorMsPerDevice,
        double configKb,
        double writeUnitsPerDevice,
        double readUnitsPerDevice,
        double s3RequestsUnchanged,
        double s3PutsChanged,
        double s3GetsChanged,
        double s3PutsPerRun,
        double s3GetsPerRun,
        double logBytesPerDevice,
        double logBytesPerInvocation,
        double resultBytesPerDevice,
        int jobTtlDays,
        int secrets,
        int credentialsCacheMinutes,
        int alarms,
        int logRetentionDays,
        int versionsKept,
        int retentionVersions,
        double tracedFraction,
        boolean kms) {

    public Assumptions {
        if (devices < 0 || batch < 1 || parallelPerInvocation < 1 || memoryMb < 128 || runsPerMonth < 0
                || secondsPerDevice < 0 || workerConcurrency < 1 || changesPerMonth < 0 || changesPerMonth > runsPerMonth) {
            throw new IllegalArgumentException("devices >= 0, batch >= 1, memory >= 128 MB, workerConcurrency >= 1 and"
                    + " 0 <= changes per month <= runs per month");
        }
    }

    /** Measured per-device figures (README, "Monthly cost": method and tests) with the deployed defaults. */
    public static Assumptions defaults(int devices) {
        return new Assumptions(devices, DeployedDefaults.RUNS_PER_MONTH, 7.3, 3.0,
                DeployedDefaults.WORKER_MEMORY_MB, DeployedDefaults.WORKER_BATCH_SIZE, DeployedDefaults.WORKER_BATCH_SIZE,
                DeployedDefaults.WORKER_CONCURRENCY, Measured.CPU_MS_PER_DEVICE, Measured.INVOCATION_OVERHEAD_SECONDS,
                Measured.ORCHESTRATOR_SECONDS_PER_RUN, Measured.ORCHESTRATOR_MS_PER_DEVICE, 20,
                Measured.WRITE_UNITS_PER_DEVICE, Measured.READ_UNITS_PER_DEVICE, Measured.S3_REQUESTS_UNCHANGED,
                Measured.S3_PUTS_CHANGED, Measured.S3_GETS_CHANGED, Measured.S3_PUTS_PER_RUN, Measured.S3_GETS_PER_RUN,
                Measured.LOG_BYTES_PER_DEVICE, Measured.LOG_BYTES_PER_INVOCATION, Measured.RESULT_BYTES_PER_DEVICE,
                DeployedDefaults.JOB_TTL_DAYS, 1, DeployedDefaults.CREDENTIALS_CACHE_MINUTES, DeployedDefaults.ALARMS,
                DeployedDefaults.LOG_RETENTION_DAYS, DeployedDefaults.VERSIONS_KEPT, DeployedDefaults.RETENTION_VERSIONS,
                0.05, false);
    }

    public double fetchesPerMonth() {
        return devices * runsPerMonth;
    }

    public double changedFraction() {
        return runsPerMonth == 0 ? 0 : changesPerMonth / runsPerMonth;
    }
}
