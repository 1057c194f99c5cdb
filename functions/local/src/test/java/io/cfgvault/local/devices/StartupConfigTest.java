package io.cfgvault.local.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.metadata.MetadataWriter;
import io.cfgvault.store.DeviceDocument;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Startup configs through backup jobs against simulated IOS devices: stored beside the running config, changes
 * detected on each, and "running differs from startup" in the inventory state and the CMDB devices dataset.
 */
class StartupConfigTest {
    static QueuedServices env;
    static int seconds;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("startup", 2, 6_000, Map.of(), 60);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static JobSummary.DeviceOutcome backup(String device) {
        Instant time = Instant.parse("2026-12-01T13:00:00Z").plusSeconds(seconds++);
        var summary = env.services().backupJobs().run(new JobRequest(Trigger.CLI, time, false, true,
                new JobRequest.DeviceSelector(List.of(device), Optional.empty(), Optional.empty()), "local:test"));
        return summary.devices().get(0);
    }

    static Optional<String> read(String key) throws Exception {
        var in = env.services().store().open(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (var s = in.get()) {
            return Optional.of(new String(s.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Optional<Boolean> differs(String device) {
        return env.services().inventory().get(device).orElseThrow().state().startupDiffers();
    }

    static JsonNode devicesDataset(String device) throws Exception {
        var layout = env.services().layout();
        new MetadataWriter(env.services().store(), env.services().inventory(), env.services().jobStore(), Clock.systemUTC())
                .write(layout, Optional.empty());
        for (String line : read(layout.devicesMetadata()).orElseThrow().split("\n")) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("device").asText().equals(device)) {
                return n;
            }
        }
        throw new AssertionError(device + " is not in the devices dataset");
    }

    @Test
    void startupIsStoredBesideRunningAndAnUnsavedChangeShowsAsDiffering() throws Exception {
        var layout = env.services().layout();
        var first = backup("dev-000");
        assertTrue(first.ok(), first.toString());
        DeviceDocument startup = DeviceDocument.parse(read(layout.latestStartup("dev-000")).orElseThrow());
        assertEquals(List.of("show startup-config"), startup.commands());
        assertTrue(startup.config().startsWith("Using "), "IOS's startup header is kept in the stored copy");
        assertTrue(startup.config().contains("hostname dev-000"));
        assertEquals(1, env.services().store().list(layout.archiveStartupPrefix("dev-000")).size());
        assertEquals(Optional.of(false), differs("dev-000"), "a device just booted runs what it saved");
        assertFalse(devicesDataset("dev-000").get("startupDiffers").asBoolean(true));

        // someone changes the running config and does not save it
        String running = env.farm().config("dev-000");
        env.farm().setConfig("dev-000", running.replace("\nend", "\nip route 0.0.0.0 0.0.0.0 192.0.2.1\nend"));
        var unsaved = backup("dev-000");
        assertTrue(unsaved.changed(), "the running config changed");
        assertEquals(Optional.of(true), differs("dev-000"));
        assertTrue(devicesDataset("dev-000").get("startupDiffers").asBoolean(false));
        assertEquals(1, env.services().store().list(layout.archiveStartupPrefix("dev-000")).size(),
                "the startup config did not change: no new startup copy");

        // ... then saves it: the startup config changes, the running config does not
        env.farm().setStartupConfig("dev-000", env.farm().config("dev-000"));
        var saved = backup("dev-000");
        assertTrue(saved.ok() && !saved.changed(), "running unchanged: " + saved);
        assertEquals(Optional.of(false), differs("dev-000"));
        assertEquals(2, env.services().store().list(layout.archiveStartupPrefix("dev-000")).size(), "the saved startup was archived");
        assertTrue(DeviceDocument.parse(read(layout.latestStartup("dev-000")).orElseThrow()).config().contains("192.0.2.1"));
        assertEquals(2, env.services().store().list(layout.archiveDevicePrefix("dev-000")).size(),
                "running versions are counted on the running config alone");
    }
}
