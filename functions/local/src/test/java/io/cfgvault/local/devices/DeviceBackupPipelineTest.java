package io.cfgvault.local.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.DeviceStatus;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.store.DeviceDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a user sees in S3 and the inventory after backups of healthy and misbehaving devices. */
class DeviceBackupPipelineTest {
    static QueuedServices env;
    static int seconds;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("pipeline", 3, 20_000, Map.of("dev-hang", Fault.HANG_AFTER_LOGIN), 60);
        env.services().dynamo().putItem(b -> b.tableName(env.services().tableNames().physical(io.cfgvault.tables.AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS("backup.retention.versions"), "value", AttributeValue.fromN("3"))));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static Map<String, JobSummary.DeviceOutcome> backup(String... devices) {
        // Distinct seconds: archive versions are stamped to the second.
        Instant time = Instant.parse("2026-11-23T13:00:00Z").plusSeconds(seconds++);
        var summary = env.services().backupJobs().run(new JobRequest(Trigger.CLI, time, false, true,
                new JobRequest.DeviceSelector(java.util.List.of(devices), Optional.empty(), Optional.empty()), "local:test"));
        return summary.devices().stream().collect(Collectors.toMap(JobSummary.DeviceOutcome::device, d -> d));
    }

    static String latest(String device) throws Exception {
        var layout = env.services().layout();
        try (var in = env.services().store().open(layout.latestDevice(device)).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void hangingDeviceIsCutOffAndOthersFinish() {
        var r = backup("dev-000", "dev-001", "dev-hang");
        assertEquals(DeviceStatus.TIMEOUT, r.get("dev-hang").status());
        assertTrue(r.get("dev-000").ok() && r.get("dev-001").ok(), r.toString());
        assertTrue(r.get("dev-hang").durationMillis() < 30_000, "cut off near its 20 s wall limit: " + r.get("dev-hang"));
    }

    @Test
    void truncatedOrErrorOutputNeverReplacesLatestAndIsKeptUnderFailed() throws Exception {
        assertTrue(backup("dev-002").get("dev-002").ok());
        String good = latest("dev-002");
        env.farm().setFault("dev-002", Fault.CUT_MID_CONFIG);
        var cut = backup("dev-002").get("dev-002");
        env.farm().setFault("dev-002", Fault.INVALID_INPUT);
        var invalid = backup("dev-002").get("dev-002");
        env.farm().setFault("dev-002", Fault.NONE);
        assertEquals(DeviceStatus.TRUNCATED, cut.status());
        assertEquals(DeviceStatus.COMMAND_ERROR, invalid.status());
        assertEquals(good, latest("dev-002"), "latest/ still holds the last good copy");
        var layout = env.services().layout();
        assertEquals(2, env.services().store().list("failed/" + layout.partition().path() + "/devices/dev-002/").size());
        var state = env.services().inventory().get("dev-002").orElseThrow().state();
        assertEquals("command_error", state.status());
        assertTrue(state.lastSuccessAt().isPresent());
    }

    @Test
    void volatileLinesDoNotCountAsChangeButRealChangesAreArchivedAndAnnounced() throws Exception {
        String base = SimConfigs.generate("cisco_ios", "dev-000", 20_000, 7);
        env.farm().setConfig("dev-000", base);
        backup("dev-000");
        env.farm().setConfig("dev-000", base.replaceFirst("! Last configuration change at [^\\n]*", "! Last configuration change at 09:00:00 UTC Mon Nov 23 2026"));
        var volatileOnly = backup("dev-000").get("dev-000");
        assertTrue(volatileOnly.ok());
        assertFalse(volatileOnly.changed(), "only a volatile line differed");
        env.farm().setConfig("dev-000", base.replace("\nend", "\ninterface Loopback99\n description added by test\nend"));
        var real = backup("dev-000").get("dev-000");
        assertTrue(real.changed());
        assertEquals(2, real.linesAdded());
        assertTrue(latest("dev-000").contains(" description added by test\n"));
        String events = Files.readString(env.eventsFile());
        assertTrue(events.contains("\"detail-type\":\"Device Config Changed\"") && events.contains("\"linesAdded\":2"), events);
        assertFalse(events.contains("description added by test"), "events never carry config content");
    }

    @Test
    void shrunkenConfigIsRejectedAndRetentionKeepsTheNewestCopies() throws Exception {
        String base = SimConfigs.generate("cisco_ios", "dev-001", 20_000, 11);
        for (int i = 0; i < 5; i++) {
            env.farm().setConfig("dev-001", base.replace("\nend", "\nbanner motd ^version " + i + "^\nend"));
            assertTrue(backup("dev-001").get("dev-001").changed());
        }
        var layout = env.services().layout();
        var archive = env.services().store().list(layout.archiveDevicePrefix("dev-001"));
        assertEquals(3, archive.size(), "backup.retention.versions = 3: " + archive);
        DeviceDocument doc = DeviceDocument.parse(latest("dev-001"));
        assertTrue(doc.config().contains("version 4"));

        String lines = base.lines().limit(20).collect(Collectors.joining("\n")) + "\nend\n";
        env.farm().setConfig("dev-001", lines);
        var shrunk = backup("dev-001").get("dev-001");
        assertEquals(DeviceStatus.INCOMPLETE, shrunk.status());
        assertTrue(shrunk.error().contains("shrank"), shrunk.error());
        assertTrue(DeviceDocument.parse(latest("dev-001")).config().contains("version 4"), "latest/ kept");
        assertNull(shrunk.archiveKey());
    }
}
