package io.cfgvault.destinations;

import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.settings.Configuration;
import io.cfgvault.store.S3Layout;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Hands a finished job's changes to the destinations and records their results on the job. */
public final class JobDeliveries {
    private final DestinationRunner runner;
    private final JobStore jobs;
    private final Supplier<Configuration> configuration;

    public JobDeliveries(DestinationRunner runner, JobStore jobs, Supplier<Configuration> configuration) {
        this.runner = runner;
        this.jobs = jobs;
        this.configuration = configuration;
    }

    /** A {@link io.cfgvault.jobs.JobRecorder.AfterJob} step: delivers the job's changes, records the results on it. */
    public void deliver(JobRecord job, S3Layout layout) {
        Configuration config = configuration.get();
        if (config.withPrefix(DestinationSettings.PREFIX).isEmpty()) {
            return;
        }
        List<DestinationRunner.Changed> devices = jobs.deviceResults(job.id()).stream()
                .filter(r -> Boolean.TRUE.equals(r.get("changed")))
                .map(r -> new DestinationRunner.Changed((String) r.get("device"), count(r, "linesAdded"), count(r, "linesRemoved")))
                .toList();
        List<String> tables = job.tables().stream().filter(t -> Boolean.TRUE.equals(t.get("changed")))
                .map(t -> (String) t.get("table")).toList();
        var results = runner.deliver(config, layout, new DestinationRunner.Changes(job.id(), devices, tables));
        if (!results.isEmpty()) {
            jobs.setDestinations(job.id(), results.stream().map(DestinationResult::toMap).toList());
        }
    }

    private static int count(Map<String, Object> r, String key) {
        return r.get(key) instanceof Number n ? n.intValue() : 0;
    }
}
