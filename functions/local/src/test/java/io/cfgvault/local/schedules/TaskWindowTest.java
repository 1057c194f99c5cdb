package io.cfgvault.local.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** GET /schedules: each schedule's expression, zone, state, next five fires in UTC and local time, last three jobs. */
class TaskWindowTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void taskWindowShowsNextFiresInBothClocksAndTheLastThreeJobsOfEachSchedule() throws Exception {
        try (Services services = SharedAws.isolated("window")) {
            services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                    .item(Map.of("key", AttributeValue.fromS("backup.timezone"), "value", AttributeValue.fromS("Europe/Paris"))));
            new TableImporter(services.dynamo(), services.tableNames()).importDocument(AppTable.SCHEDULER, TableImporter.source("s.yaml", """
                    table: scheduler
                    items:
                    - {id: {S: night}, cron: {S: 'localcron(30 2 * * ? *)'}, tables: {BOOL: false}, selector: {M: {group: {S: campus}}}}
                    - {id: {S: parked}, cron: {S: 'rate(1 hour)'}, enabled: {BOOL: false}}
                    """.getBytes(StandardCharsets.UTF_8)), TableImporter.Mode.MERGE);
            var fires = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23")) {
                var event = new ScheduledEvent();
                event.setTime(DateTime.parse(day + "T01:30:00Z"));
                event.setDetail(Map.of("entry", "night"));
                assertTrue(fires.handleRequest(event, null).get("jobId") != null);
            }

            var response = new ApiHandler(services).handleRequest(EventLoader.loadApiGatewayRestEvent("events/api/get-schedules.json"), null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode window = JSON.readTree(response.getBody());
            assertEquals("Europe/Paris", window.get("timeZone").asText());
            JsonNode rows = window.get("schedules");
            assertEquals(List.of("backup.cron", "night", "parked"), List.of(rows.get(0).get("id").asText(),
                    rows.get(1).get("id").asText(), rows.get(2).get("id").asText()));

            JsonNode backup = rows.get(0);
            assertEquals("cron(0 * * * ? *) (stack default)", backup.get("expression").asText());
            assertEquals("ENABLED", backup.get("state").asText());
            assertEquals(5, backup.get("nextFires").size());

            JsonNode night = rows.get(1);
            assertEquals("localcron(30 2 * * ? *)", night.get("expression").asText());
            assertEquals("Europe/Paris", night.get("timeZone").asText());
            assertEquals(5, night.get("nextFires").size());
            for (JsonNode fire : night.get("nextFires")) {
                assertTrue(fire.get("local").asText().matches("\\d{4}-\\d\\d-\\d\\dT02:30\\+0[12]:00"), fire.toString());
                assertTrue(fire.get("utc").asText().matches(".*T0[01]:30:00Z"), fire.toString());
            }
            assertEquals(List.of("sched-default-night-20261123T013000Z", "sched-default-night-20261122T013000Z",
                    "sched-default-night-20261121T013000Z"), ids(night.get("lastJobs")), "the last three, newest first");
            JsonNode job = night.get("lastJobs").get(0);
            assertEquals("completed", job.get("status").asText());
            assertEquals(0, job.get("counts").get("total").asInt());
            assertTrue(job.hasNonNull("startedAt") && job.hasNonNull("finishedAt"), job.toString());
            assertEquals(Map.of("group", "campus"), JSON.convertValue(night.get("selector"), Map.class));

            JsonNode parked = rows.get(2);
            assertEquals("DISABLED", parked.get("state").asText());
            assertEquals(0, parked.get("nextFires").size(), "a disabled schedule has no next fire");
            assertEquals(0, backup.get("lastJobs").size(), "entry jobs are not the backup.cron schedule's");

            var table = new ByteArrayOutputStream();
            io.cfgvault.local.cli.SchedulesTable.print(window, new PrintStream(table, true, StandardCharsets.UTF_8));
            String text = table.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("night") && text.contains("localcron(30 2 * * ? *)") && text.contains("sched-default-night-20261123T013000Z"), text);
        }
    }

    static List<String> ids(JsonNode jobs) {
        var out = new java.util.ArrayList<String>();
        jobs.forEach(j -> out.add(j.get("jobId").asText()));
        return out;
    }
}
