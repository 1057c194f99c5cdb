package io.cfgvault.jobs;

import io.cfgvault.settings.Configuration;
import io.cfgvault.store.PartitionResolver;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableExporter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Runs backup jobs: export the application tables, then back up the selected devices. */
public final class BackupJobs {
    private final Supplier<Configuration> configuration;
    private final PartitionResolver partitions;
    private final TableExporter exporter;
    private final Optional<DeviceBackups> devices;
    private final Clock clock;
    private final EndpointNames endpoints;

    /** Names the service endpoints in errors, e.g. {@code dynamodb -> http://127.0.0.1:8000}. */
    @FunctionalInterface
    public interface EndpointNames {
        String describe(String serviceId);
    }

    public BackupJobs(Supplier<Configuration> configuration, PartitionResolver partitions, TableExporter exporter,
                      Optional<DeviceBackups> devices, Clock clock, EndpointNames endpoints) {
        this.configuration = configuration;
        this.partitions = partitions;
        this.exporter = exporter;
        this.devices = devices;
        this.clock = clock;
        this.endpoints = endpoints;
    }

    public JobSummary run(JobRequest request) {
        Instant started = clock.instant();
        Configuration config = guarded("dynamodb", "reading the configuration table", configuration::get);
        S3Layout layout = new S3Layout(partitions.resolve(config));
        String jobId = jobId(request, layout);
        var tables = new ArrayList<TableExporter.Result>();
        if (request.tables()) {
            for (AppTable table : AppTable.exported()) {
                tables.add(guarded(null, "exporting table " + table.logicalName(),
                        () -> exporter.export(table, layout, request.time())));
            }
        }
        List<JobSummary.DeviceOutcome> deviceResults = request.devices() && devices.isPresent()
                ? devices.get().backup(jobId, request, layout, config) : List.of();
        long failed = deviceResults.stream().filter(d -> !d.ok()).count();
        String status = failed == 0 ? "completed" : failed == deviceResults.size() ? "failed" : "completed_with_errors";
        return new JobSummary(jobId, request.trigger(), status, started, clock.instant(), tables, deviceResults);
    }

    /** Schedule-triggered jobs get a deterministic id so a redelivered event finds the same job. */
    static String jobId(JobRequest request, S3Layout layout) {
        String stamp = S3Layout.version(request.time());
        return request.trigger() == Trigger.SCHEDULE
                ? "sched-" + layout.partition().deployment() + "-" + stamp
                : request.trigger().name().toLowerCase(java.util.Locale.ROOT) + "-" + stamp + "-"
                        + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
    }

    private <T> T guarded(String service, String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (SdkClientException e) {
            String where = service != null ? endpoints.describe(service)
                    : "S3 " + endpoints.describe("s3") + " / DynamoDB " + endpoints.describe("dynamodb");
            throw new BackupFailedException(what + " failed: could not reach " + where + " after "
                    + io.cfgvault.aws.AwsClients.MAX_ATTEMPTS + " attempts (" + rootMessage(e)
                    + "). Check the endpoint settings (AWS_ENDPOINT_URL*, AWS_REGION) and network access.", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
