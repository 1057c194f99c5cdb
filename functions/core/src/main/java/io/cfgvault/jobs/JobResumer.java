package io.cfgvault.jobs;

import io.cfgvault.queue.DeviceQueue;
import io.cfgvault.queue.DeviceTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the devices of running jobs that have no result yet back on the queue. For a queue that loses its
 * messages on restart (the local ElasticMQ lives in memory), so a killed server's job finishes after the
 * restart instead of waiting for {@code jobs.staleAfter}. Workers record each device once, so a device that
 * was in fact still queued somewhere is not counted twice.
 */
public final class JobResumer {
    /** Recent jobs looked at; older running jobs are left to the stale-job tick. */
    static final int RECENT_JOBS = 1000;

    private JobResumer() {}

    /** What was put back: per job id, the devices re-queued. */
    public record Resumed(String jobId, List<String> devices) {}

    public static List<Resumed> resume(JobStore jobs, DeviceQueue queue) {
        var resumed = new ArrayList<Resumed>();
        for (JobRecord job : jobs.list(RECENT_JOBS)) {
            if (!job.status().equals("running")) {
                continue;
            }
            var pending = new ArrayList<String>();
            for (var result : jobs.deviceResults(job.id())) {
                if ("pending".equals(result.get("status"))) {
                    pending.add((String) result.get("device"));
                }
            }
            if (!pending.isEmpty()) {
                queue.send(pending.stream().map(d -> new DeviceTask(job.id(), d)).toList());
                resumed.add(new Resumed(job.id(), List.copyOf(pending)));
            }
        }
        return resumed;
    }
}
