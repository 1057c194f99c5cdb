package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.inventory.DeviceState;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.SharedAws;
import io.cfgvault.store.DeviceDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device pipeline against a damaged bucket and a failing store, with a simulated device: a latest/ copy that
 * no longer matches what was recorded is rewritten by the next (unchanged) backup, and a latest/ write that
 * fails leaves no orphan archive copy and says why.
 */
class LatestRepairTest {
    static QueuedServices env;
    static int seconds;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("latestrepair", 2, 2_000, Map.of(), 60);
        // Check latest/ on every fetch (the default checks once a day, to spare the S3 request): these backups run seconds apart.
        env.services().dynamo().putItem(b -> b.tableName(env.services().tableNames().physical(io.cfgvault.tables.AppTable.CONFIGURATION))
                .item(Map.of("key", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                io.cfgvault.settings.Configuration.VERIFY_LATEST_EVERY),
                        "value", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("0"))));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static JobSummary.DeviceOutcome backup(String device) {
        Instant time = Instant.parse("2026-11-23T13:00:00Z").plusSeconds(seconds++);
        return env.services().backupJobs().run(new JobRequest(Trigger.CLI, time, false, true,
                new JobRequest.DeviceSelector(List.of(device), Optional.empty(), Optional.empty()), "local:test")).devices().get(0);
    }

    static byte[] latest(String device) throws Exception {
        try (var in = env.services().store().open(env.services().layout().latestDevice(device)).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    static Path latestFile(String device) {
        return SharedAws.get().dataDir().resolve("s3").resolve(env.services().settings().bucket())
                .resolve(env.services().layout().latestDevice(device));
    }

    static int archiveCopies(String device) {
        return env.services().store().list("archive/" + env.services().layout().partition().path() + "/devices/" + device + "/").size();
    }

    @Test
    void aDamagedLatestCopyIsRewrittenByTheNextUnchangedBackup() throws Exception {
        assertTrue(backup("dev-000").ok());
        byte[] good = latest("dev-000");
        String fetchedAt = DeviceDocument.verified(good, "dev-000").fetchedAt().toString();

        var clean = backup("dev-000");
        assertTrue(clean.ok() && !clean.changed(), clean.toString());
        assertEquals(fetchedAt, DeviceDocument.verified(latest("dev-000"), "dev-000").fetchedAt().toString(),
                "an intact latest copy is not rewritten");

        // Replaced in the bucket by a truncated copy (no cfgvault metadata).
        String key = env.services().layout().latestDevice("dev-000");
        env.services().store().put(key, java.util.Arrays.copyOf(good, good.length / 2), "application/yaml", Map.of());
        var repaired = backup("dev-000");
        assertTrue(repaired.ok() && !repaired.changed(), repaired.toString());
        var doc = DeviceDocument.verified(latest("dev-000"), "dev-000");
        assertEquals(DeviceDocument.verified(good, "dev-000").config(), doc.config());

        // Altered in place, keeping the metadata: the size no longer matches the recorded document size.
        Path file = latestFile("dev-000");
        String text = Files.readString(file);
        Files.writeString(file, text.replace("hostname", "hostnam"));
        assertTrue(backup("dev-000").ok());
        assertEquals(doc.config(), DeviceDocument.verified(latest("dev-000"), "dev-000").config());
        assertEquals(1, archiveCopies("dev-000"), "repairs add no archive versions: the config never changed");
    }

    @Test
    void aFailedLatestWriteLeavesNoOrphanArchiveCopyAndSaysWhy() throws Exception {
        assertTrue(backup("dev-001").ok());
        int before = archiveCopies("dev-001");
        var entry = env.services().inventory().get("dev-001").orElseThrow();
        var s = entry.state();
        // The recorded sha no longer matches, so the next backup stores a new version.
        env.services().inventory().recordState("dev-001", new DeviceState(s.lastCheckedAt(), s.lastSuccessAt(), s.lastChangedAt(),
                Optional.of("0".repeat(64)), s.bytes(), s.status(), s.error(), s.version(), s.jobId()));

        Path devicesDir = latestFile("dev-001").getParent();
        Path moved = devicesDir.resolveSibling("devices.moved");
        Path outside = Files.createTempDirectory("cfgvault-elsewhere-");
        Files.move(devicesDir, moved);
        Files.createSymbolicLink(devicesDir, outside); // every latest/ device write now fails
        JobSummary.DeviceOutcome failed;
        try {
            failed = backup("dev-001");
        } finally {
            Files.delete(devicesDir);
            Files.move(moved, devicesDir);
        }
        assertFalse(failed.ok(), failed.toString());
        assertTrue(failed.error().contains("storing the latest copy"), failed.error());
        assertTrue(failed.error().contains("symbolic link"), "the store's own reason: " + failed.error());
        assertTrue(failed.error().contains("removed again"), failed.error());
        assertEquals(before, archiveCopies("dev-001"), "no orphan archive copy");
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count());
        }
        var retry = backup("dev-001");
        assertTrue(retry.ok() && retry.changed(), "the next run still sees the change: " + retry);
        assertEquals(before + 1, archiveCopies("dev-001"));
        assertEquals(new String(latest("dev-001"), StandardCharsets.UTF_8).contains("dev-001"), true);
    }
}
