package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.SharedAws;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job whose worker never reports a device is closed by a later tick instead of running forever. */
class StaleJobsTest {

    @Test
    void deviceThatNeverReportsIsCountedFailedAndTheJobFinishesOnALaterTick() {
        try (Services services = SharedAws.isolated("stale")) {
            var jobs = services.jobStore();
            var request = new JobRequest(Trigger.API, Instant.now(), false, true, JobRequest.DeviceSelector.all(), "local:test");
            jobs.create("api-stuck", request, Map.of("accountId", "000000000000", "region", "us-east-1", "deployment", "default"));
            jobs.start("api-stuck", List.of("sw-ok", "sw-lost"));
            jobs.recordDevice("api-stuck", JobSummary.DeviceOutcome.succeeded("sw-ok", new JobSummary.DeviceOutcome.Fetch(10, 5, 1, List.of()),
                    new JobSummary.DeviceOutcome.Stored(false, null, null, null, null, 0, 0)));

            services.backupJobs().closeStale(Instant.now().plus(Duration.ofMinutes(30)));
            assertEquals("running", jobs.get("api-stuck").orElseThrow().status(), "not stale yet after 30 minutes");

            services.backupJobs().closeStale(Instant.now().plus(Duration.ofHours(3)));
            var job = jobs.get("api-stuck").orElseThrow();
            assertEquals("completed_with_errors", job.status());
            assertEquals(1, job.failed());
            var lost = jobs.deviceResults("api-stuck").stream().filter(r -> r.get("device").equals("sw-lost")).findFirst().orElseThrow();
            assertEquals("no_result", lost.get("status"));
            assertTrue(((String) lost.get("error")).contains("dead-letter queue"), lost.toString());
            
        }
    }

}
