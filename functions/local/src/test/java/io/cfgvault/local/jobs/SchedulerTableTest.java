package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.Services;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;

/** Scheduler-table entries run at the ticks where their cron fell due, with their own selectors, once. */
class SchedulerTableTest {
    static final String SCHEDULER = """
            table: scheduler
            items:
            - id: {S: nightly-c9300}
              cron: {S: 'cron(30 2 * * ? *)'}
              enabled: {BOOL: true}
              tables: {BOOL: false}
              selector:
                M:
                  model: {S: C9300}
            - id: {S: disabled}
              cron: {S: 'cron(0/5 * * * ? *)'}
              enabled: {BOOL: false}
            """;

    static ScheduledEvent at(String time) {
        var event = new ScheduledEvent();
        event.setTime(DateTime.parse(time));
        return event;
    }

    /** Writes entries as they may sit in DynamoDB (written by hand), without the API's write-time checks. */
    static TableImporter rawImporter(Services services) {
        return new TableImporter(services.dynamo(), services.tableNames());
    }

    @Test
    @SuppressWarnings("unchecked")
    void dueEntriesRunBesideTheFullBackupAndRedeliveriesStartNothing() {
        try (Services services = SharedAws.isolated("scheduler")) {
            rawImporter(services).importDocument(AppTable.SCHEDULER,
                    TableImporter.source("scheduler.yaml", SCHEDULER.getBytes(StandardCharsets.UTF_8)), TableImporter.Mode.MERGE);
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.scheduleTable());

            var at2 = (List<Map<String, Object>>) handler.handleRequest(at("2026-11-23T02:00:00Z"), null).get("jobs");
            assertEquals(List.of("sched-default-20261123T020000Z"), at2.stream().map(j -> j.get("jobId")).toList());

            var at3 = (List<Map<String, Object>>) handler.handleRequest(at("2026-11-23T03:00:00Z"), null).get("jobs");
            assertEquals(List.of("sched-default-20261123T030000Z", "sched-default-nightly-c9300-20261123T023000Z"),
                    at3.stream().map(j -> j.get("jobId")).toList());
            var nightly = services.jobStore().get("sched-default-nightly-c9300-20261123T023000Z").orElseThrow();
            assertEquals(Map.of("model", "C9300"), nightly.selector());
            assertEquals("completed", nightly.status());
            assertTrue(nightly.tables().isEmpty(), "the entry asked for no table export");

            var again = (List<Map<String, Object>>) handler.handleRequest(at("2026-11-23T03:00:00Z"), null).get("jobs");
            assertTrue(again.stream().noneMatch(j -> (Boolean) j.get("created")), again.toString());
            assertEquals(3, services.jobStore().list(10).size());
        }
    }

    @Test
    void malformedEntryFailsTheTickNamingEntryAndField() {
        try (Services services = SharedAws.isolated("badsched")) {
            rawImporter(services).importDocument(AppTable.SCHEDULER, TableImporter.source("s.yaml",
                    "table: scheduler\nitems:\n- id: {S: broken}\n  cron: {S: '0 2 * * *'}\n".getBytes(StandardCharsets.UTF_8)),
                    TableImporter.Mode.MERGE);
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.scheduleTable());
            var e = assertThrows(IllegalArgumentException.class, () -> handler.handleRequest(at("2026-11-23T03:00:00Z"), null));
            assertTrue(e.getMessage().startsWith("scheduler entry 'broken': field 'cron'"), e.getMessage());
        }
    }
}
