package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.Services;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.schedules.ScheduleRejected;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One fire of one schedule runs at most one job, only while the schedule is enabled and only at its fire times. */
class ScheduledFiresTest {
    static final String SCHEDULER = """
            table: scheduler
            items:
            - id: {S: nightly-c9300}
              cron: {S: 'cron(30 2 * * ? *)'}
              tables: {BOOL: false}
              selector: {M: {model: {S: C9300}}}
            - id: {S: paris-night}
              cron: {S: 'localcron(30 2 * * ? *)'}
              timezone: {S: Europe/Paris}
            - id: {S: parked}
              cron: {S: 'rate(5 minutes)'}
              enabled: {BOOL: false}
            """;

    /** The entries as they may sit in DynamoDB; the API's checks (inventory must match) are tested elsewhere. */
    static void seed(Services services, String document) {
        new TableImporter(services.dynamo(), services.tableNames()).importDocument(AppTable.SCHEDULER,
                TableImporter.source("scheduler.yaml", document.getBytes(StandardCharsets.UTF_8)), TableImporter.Mode.MERGE);
    }

    static void setConfig(Services services, String key, String value) {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    static ScheduledEvent entry(String id, String time) {
        var event = new ScheduledEvent();
        event.setTime(DateTime.parse(time));
        event.setDetail(Map.of("entry", id));
        return event;
    }

    static ScheduledEvent backupCron(String time, String origin) {
        var event = new ScheduledEvent();
        event.setTime(DateTime.parse(time));
        event.setDetail(Map.of("key", "backup.cron", "origin", origin));
        return event;
    }

    @Test
    void entryFireRunsItsSelectorOnceHoweverOftenItIsDelivered() {
        try (Services services = SharedAws.isolated("fires")) {
            seed(services, SCHEDULER);
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            var first = handler.handleRequest(entry("nightly-c9300", "2026-11-23T02:30:00Z"), null);
            assertEquals("sched-default-nightly-c9300-20261123T023000Z", first.get("jobId"));
            var job = services.jobStore().get("sched-default-nightly-c9300-20261123T023000Z").orElseThrow();
            assertEquals(Map.of("model", "C9300"), job.selector());
            assertTrue(job.tables().isEmpty(), "the entry asked for no table export");

            var again = handler.handleRequest(entry("nightly-c9300", "2026-11-23T02:30:00Z"), null);
            assertEquals(first.get("jobId"), again.get("jobId"));
            assertEquals(1, services.jobStore().list(10).size(), "a redelivered fire starts nothing new");
        }
    }

    @Test
    void firesAtOtherTimesOrForDisabledOrMissingEntriesRunNothing() {
        try (Services services = SharedAws.isolated("nofire")) {
            seed(services, SCHEDULER);
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            var off = handler.handleRequest(entry("nightly-c9300", "2026-11-23T02:31:00Z"), null);
            assertNull(off.get("jobId"));
            assertTrue(off.get("reason").toString().contains("is not a fire time of nightly-c9300"), off.toString());
            assertTrue(handler.handleRequest(entry("parked", "2026-11-23T02:30:00Z"), null).get("reason").toString().contains("disabled"));
            assertTrue(handler.handleRequest(entry("gone", "2026-11-23T02:30:00Z"), null).get("reason").toString().contains("no longer exists"));
            assertEquals(0, services.jobStore().list(10).size());
        }
    }

    @Test
    void localcronEntryFiresAtLocalTimeInItsZone() {
        try (Services services = SharedAws.isolated("localfire")) {
            seed(services, SCHEDULER);
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            assertNull(handler.handleRequest(entry("paris-night", "2026-11-23T02:30:00Z"), null).get("jobId"));
            assertEquals("sched-default-paris-night-20261123T013000Z",
                    handler.handleRequest(entry("paris-night", "2026-11-23T01:30:00Z"), null).get("jobId"), "02:30 CET");
            assertEquals("sched-default-paris-night-20260630T003000Z",
                    handler.handleRequest(entry("paris-night", "2026-06-30T00:30:00Z"), null).get("jobId"), "02:30 CEST");
        }
    }

    @Test
    void disabledBackupCronRunsNothingAndWhatItMissedIsNotMadeUp() {
        try (Services services = SharedAws.isolated("disabled")) {
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            setConfig(services, "backup.cron", "disabled");
            var missed = handler.handleRequest(backupCron("2026-11-23T03:00:00Z", "reconciler"), null);
            assertNull(missed.get("jobId"), missed.toString());
            assertNull(handler.handleRequest(backupCron("2026-11-23T03:00:00Z", "stack"), null).get("jobId"),
                    "the stack's default schedule does not run while backup.cron is set, even to disabled");

            setConfig(services, "backup.cron", "cron(0 * * * ? *)");
            assertEquals("sched-default-20261123T040000Z",
                    handler.handleRequest(backupCron("2026-11-23T04:00:00Z", "reconciler"), null).get("jobId"));
            assertTrue(services.jobStore().get("sched-default-20261123T030000Z").isEmpty(), "03:00 was missed while disabled");
            assertEquals(1, services.jobStore().list(10).size());
        }
    }

    @Test
    void stackDefaultScheduleRunsTheBackupOnlyWhileBackupCronIsUnset() {
        try (Services services = SharedAws.isolated("default")) {
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            var legacy = new ScheduledEvent();
            legacy.setTime(DateTime.parse("2026-11-23T13:00:00Z"));
            assertEquals("sched-default-20261123T130000Z", handler.handleRequest(legacy, null).get("jobId"),
                    "a fresh deploy backs up on the stack's hourly schedule");
            setConfig(services, "backup.cron", "rate(1 hour)");
            assertNull(handler.handleRequest(backupCron("2026-11-23T14:00:00Z", "stack"), null).get("jobId"));
            assertEquals("sched-default-20261123T140000Z",
                    handler.handleRequest(backupCron("2026-11-23T14:00:00Z", "reconciler"), null).get("jobId"));
        }
    }

    @Test
    void entryWrittenAroundTheApiAndMalformedIsNamedWhenItFires() {
        try (Services services = SharedAws.isolated("badentry")) {
            seed(services, "table: scheduler\nitems:\n- id: {S: broken}\n  cron: {S: '0 2 * * *'}\n");
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            var e = assertThrows(ScheduleRejected.class, () -> handler.handleRequest(entry("broken", "2026-11-23T02:00:00Z"), null));
            assertTrue(e.getMessage().startsWith("scheduler entry 'broken', field 'cron'"), e.getMessage());
            assertFalse(services.jobStore().list(10).iterator().hasNext());
        }
    }
}
