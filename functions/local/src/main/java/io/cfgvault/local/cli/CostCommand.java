package io.cfgvault.local.cli;

import io.cfgvault.cost.Assumptions;
import io.cfgvault.cost.CostModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the monthly AWS bill of a deployment, item by item; defaults are the deployed defaults and measured figures. */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Monthly AWS cost of a deployment (us-east-1 list prices, no free tier), item by item, with unit prices"
                + " and where each quantity comes from. Defaults: the stack's deployed defaults and the per-device figures"
                + " measured on simulated devices.")
final class CostCommand implements Callable<Integer> {
    @Option(names = "--devices", required = true, description = "Devices backed up by every run.")
    int devices;
    @Option(names = "--runs-per-month", description = "Scheduled runs a month (default 730: hourly).")
    Double runs;
    @Option(names = "--changes-per-month", description = "Changed configs per device a month (default 7.3 = 1 %% of hourly fetches).")
    Double changes;
    @Option(names = "--seconds-per-device", description = "SSH time of the slowest device of a batch, seconds (default 3.0).")
    Double seconds;
    @Option(names = "--memory", description = "Worker memory, MB (default: the deployed workerMemoryMb).")
    Integer memory;
    @Option(names = "--batch", description = "Devices per worker invocation (default: the deployed workerBatchSize).")
    Integer batch;
    @Option(names = "--parallel", description = "Devices one invocation fetches at once (default: the whole batch).")
    Integer parallel;
    @Option(names = "--concurrency", description = "Concurrent worker invocations (default: the deployed workerConcurrency).")
    Integer concurrency;
    @Option(names = "--config-kb", description = "Stored size of a device document, KB (default 20).")
    Double configKb;
    @Option(names = "--secrets", description = "Secrets Manager secrets holding device credentials (default 1: one backup account for every device).")
    Integer secrets;
    @Option(names = "--cpu-ms-per-device", description = "Worker CPU per device, ms (default: measured).")
    Double cpuMs;
    @Option(names = "--write-units-per-device", description = "DynamoDB write units per fetch (default: measured).")
    Double wru;
    @Option(names = "--read-units-per-device", description = "DynamoDB read units per fetch (default: measured).")
    Double rru;
    @Option(names = "--s3-requests-unchanged", description = "S3 GET/HEAD requests for an unchanged fetch (default: measured).")
    Double s3Unchanged;
    @Option(names = "--log-bytes-per-device", description = "CloudWatch log bytes per fetch (default: measured).")
    Double logBytes;
    @Option(names = "--log-retention-days", description = "Log retention (default: the deployed logRetentionDays).")
    Integer logDays;
    @Option(names = "--credentials-cache-minutes", description = "How long a worker container keeps a secret (default: deployed).")
    Integer cacheMinutes;
    @Option(names = "--kms", description = "A customer managed KMS key encrypts bucket and tables (kmsKeyArn).")
    boolean kms;

    @Override
    public Integer call() {
        if (devices < 0) {
            throw new IllegalArgumentException("--devices must be 0 or more, not " + devices);
        }
        Assumptions d = Assumptions.defaults(devices);
        int b = or(batch, d.batch());
        var a = new Assumptions(devices, or(runs, d.runsPerMonth()), or(changes, d.changesPerMonth()), or(seconds, d.secondsPerDevice()),
                or(memory, d.memoryMb()), b, or(parallel, b), or(concurrency, d.workerConcurrency()), or(cpuMs, d.cpuMsPerDevice()),
                d.invocationOverheadSeconds(), d.orchestratorSecondsPerRun(), d.orchestratorMsPerDevice(), or(configKb, d.configKb()),
                or(wru, d.writeUnitsPerDevice()), or(rru, d.readUnitsPerDevice()), or(s3Unchanged, d.s3RequestsUnchanged()),
                d.s3PutsChanged(), d.s3GetsChanged(), d.s3PutsPerRun(), d.s3GetsPerRun(), or(logBytes, d.logBytesPerDevice()), d.logBytesPerInvocation(),
                d.resultBytesPerDevice(), d.jobTtlDays(), or(secrets, d.secrets()), or(cacheMinutes, d.credentialsCacheMinutes()),
                d.alarms(), or(logDays, d.logRetentionDays()), d.versionsKept(), d.retentionVersions(), d.tracedFraction(), kms);
        System.out.print(CostModel.render(CostModel.estimate(a)));
        return 0;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
