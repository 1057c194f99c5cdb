package io.cfgvault.local.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.LocalRuntime;
import io.cfgvault.local.serve.ApiBridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a user of {@code cfgvault serve} sees: backup.cron set to rate(1 minute) over the API gives scheduled jobs
 * within three minutes; set to disabled, they stop. Real time passes (about four minutes), so it runs with
 * {@code scripts/test --long}.
 */
@Tag("long")
class ServeSchedulesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rateOneMinuteGivesTwoJobsWithinThreeMinutesAndDisabledStopsThem() throws Exception {
        var dir = Files.createTempDirectory("cfgvault-serve-schedules-");
        try (EmbeddedAws aws = EmbeddedAws.start(dir);
             LocalRuntime runtime = LocalRuntime.start(aws, new FileCredentials(Map.of(), System.getenv(), dir), Profiles.builtin())
                     .startTicker();
             ApiBridge bridge = ApiBridge.start(new ApiHandler(runtime.services()), 0, "local:tester", null)) {
            var http = HttpClient.newHttpClient();
            String base = bridge.uri().toString();

            Instant set = Instant.now();
            assertEquals(200, put(http, base, "rate(1 minute)").statusCode());
            List<JobRecord> scheduled = List.of();
            while (scheduled.size() < 2 && Instant.now().isBefore(set.plus(Duration.ofMinutes(3)))) {
                Thread.sleep(2_000);
                scheduled = scheduledJobs(runtime);
            }
            assertTrue(scheduled.size() >= 2, "two scheduled jobs within three minutes, got " + scheduled.size());
            for (JobRecord job : scheduled) {
                assertTrue(job.id().matches("sched-default-\\d{8}T\\d{4}00Z"), "one job per fire minute: " + job.id());
            }

            JsonNode window = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/schedules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode backup = window.get("schedules").get(0);
            assertEquals("rate(1 minute)", backup.get("expression").asText());
            assertEquals("ENABLED", backup.get("state").asText());
            assertEquals(5, backup.get("nextFires").size());
            assertTrue(backup.get("lastJobs").size() >= 2, backup.toString());

            assertEquals(200, put(http, base, "disabled").statusCode());
            Instant disabledAt = Instant.now();
            int before = scheduledJobs(runtime).size();
            // Wait past the next two minute boundaries: each is a fire time that must not run.
            Instant after = disabledAt.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2)).plusSeconds(10);
            Thread.sleep(Duration.between(Instant.now(), after).toMillis());
            List<JobRecord> later = scheduledJobs(runtime);
            assertTrue(later.size() <= before + 1, "at most a fire already under way when disabled was written: " + later.size());
            assertTrue(later.stream().noneMatch(j -> j.startedAt().isAfter(disabledAt.plusSeconds(5))),
                    "no job started after disabled: " + later.stream().map(JobRecord::id).toList());
            JsonNode off = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/schedules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("schedules").get(0);
            assertEquals("DISABLED", off.get("state").asText());
            assertEquals(0, off.get("nextFires").size());
        }
    }

    static List<JobRecord> scheduledJobs(LocalRuntime runtime) {
        return runtime.services().jobStore().list(100).stream().filter(j -> j.id().startsWith("sched-")).toList();
    }

    static HttpResponse<String> put(HttpClient http, String base, String expression) throws Exception {
        String body = "table: configuration\nitems:\n- key: {S: backup.cron}\n  value: {S: '" + expression + "'}\n";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/configuration")).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
