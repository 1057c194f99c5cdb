package io.cfgvault.local.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A NetBox sync on a schedule: a scheduler entry with {@code task: inventory-sync}, fired as EventBridge Scheduler
 * fires it, against recorded NetBox pages served on 127.0.0.1 (NetBox cannot run here).
 */
class ScheduledSyncTest {
    Services services;
    RecordedDcim netbox;
    ScheduledBackupHandler handler;

    @BeforeEach
    void start() throws Exception {
        services = SharedAws.isolated("schedsync", b -> b.sourceTokens(InventorySyncTest.environmentTokens()));
        netbox = new RecordedDcim("netbox-devices-page1.json", "netbox-devices-page2.json");
        handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules(), () -> { },
                Optional.of(services.configuredSync()));
        configure("inventory.netbox.url", netbox.url().toString());
        configure("inventory.credentials", "noc");
    }

    @AfterEach
    void stop() {
        netbox.close();
        services.close();
    }

    void configure(String key, String value) {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    void scheduler(String document) {
        new TableImporter(services.dynamo(), services.tableNames()).importDocument(AppTable.SCHEDULER,
                TableImporter.source("scheduler.yaml", document.getBytes(StandardCharsets.UTF_8)), TableImporter.Mode.MERGE);
    }

    Map<String, Object> fire(String entry, String time) {
        var event = new ScheduledEvent();
        event.setTime(DateTime.parse(time));
        event.setDetail(Map.of("entry", entry));
        return handler.handleRequest(event, null);
    }

    static final String NIGHTLY = """
            table: scheduler
            items:
            - id: {S: netbox-nightly}
              cron: {S: 'cron(0 5 * * ? *)'}
              task: {S: inventory-sync}
              source: {S: netbox}
              filters: {L: [{S: site=fra1}]}
            """;

    @Test
    void scheduledNetboxSyncAddsTheDevicesAndStartsNoBackup() {
        scheduler(NIGHTLY);
        var out = fire("netbox-nightly", "2026-12-01T05:00:00Z");
        assertEquals("due", out.get("reason"), out.toString());
        @SuppressWarnings("unchecked")
        var report = (Map<String, Object>) out.get("inventory");
        assertEquals(Boolean.FALSE, report.get("dryRun"), out.toString());
        assertEquals("noc", services.inventory().get("fra1-core-01").orElseThrow().device().credentials());
        assertTrue(netbox.requests.getFirst().query().contains("site=fra1"), netbox.requests.toString());
        assertTrue(services.jobStore().list(10).isEmpty(), "a sync entry starts no backup job");
        var audit = services.auditLog().list(Optional.empty(), Optional.of("scheduler"), 10).toString();
        assertTrue(audit.contains("inventory") && audit.contains("added"), "the sync is audited as the scheduler's: " + audit);

        int requests = netbox.requests.size();
        var offTime = fire("netbox-nightly", "2026-12-01T05:07:00Z");
        assertEquals(requests, netbox.requests.size(), "not a fire time of the entry: NetBox is not asked");
        assertFalse(offTime.containsKey("inventory"));
    }

    @Test
    void unreachableNetboxLeavesTheInventoryAsItWasAndSaysWhy() {
        scheduler(NIGHTLY);
        netbox.mode(RecordedDcim.Mode.UNAUTHORIZED);
        var out = fire("netbox-nightly", "2026-12-01T05:00:00Z");
        String error = String.valueOf(out.get("error"));
        assertTrue(error.contains("HTTP 401") && error.endsWith("the inventory was not changed"), error);
        assertFalse(error.contains(InventorySyncTest.TOKEN));
        assertTrue(services.inventory().list().isEmpty());
    }

    @Test
    void aSyncEntryIsCheckedWhenWritten() {
        var e = assertThrows(ScheduleRejected.class, () -> io.cfgvault.schedules.ScheduleEntry.read(Map.of(
                "id", AttributeValue.fromS("bad-sync"), "cron", AttributeValue.fromS("cron(0 5 * * ? *)"),
                "task", AttributeValue.fromS("inventory-sync"), "source", AttributeValue.fromS("librenms"))));
        assertTrue(e.getMessage().contains("scheduler entry 'bad-sync'") && e.getMessage().contains("source"), e.getMessage());
        var wrongSelector = assertThrows(ScheduleRejected.class, () -> io.cfgvault.schedules.ScheduleEntry.read(Map.of(
                "id", AttributeValue.fromS("s"), "cron", AttributeValue.fromS("rate(1 hour)"),
                "task", AttributeValue.fromS("inventory-sync"), "source", AttributeValue.fromS("netbox"),
                "selector", AttributeValue.fromM(Map.of("model", AttributeValue.fromS("C9300"))))));
        assertTrue(wrongSelector.getMessage().contains("selector"), wrongSelector.getMessage());
    }
}
