package io.cfgvault.local.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.restore.RestoreService;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Restoring a device to a stored version: dry run, push, read back, verify, lock, audit. */
class RestoreTest {

    @Test
    void dryRunShowsTheDiffApplyRestoresAndVerifiesAndALockedDeviceIsRefused() throws Exception {
        try (var env = QueuedServices.start("restore", 1, 4_000, Map.of(), 60)) {
            var services = env.services();
            String good = SimConfigs.generate("cisco_ios", "dev-000", 4_000, 99);
            env.farm().setConfig("dev-000", good);
            var first = services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.parse("2026-11-23T10:00:00Z"), false, true,
                    JobRequest.DeviceSelector.all(), "local:test"));
            String version = first.devices().get(0).version();
            // Someone breaks the device: an interface shut down and a rogue user added.
            env.farm().setConfig("dev-000", good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\ninterface Loopback7\n shutdown\nend"));

            var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", QueuedServices.USER, QueuedServices.PASSWORD)), Map.of(), java.nio.file.Path.of("."));
            RestoreService restore = services.restoreService(creds, Profiles.builtin());

            var dry = restore.restore(services.layout(), services.configuration(), "dev-000", version, false, "local:test");
            assertFalse(dry.applied());
            assertEquals(3, dry.linesRemoved(), dry.diff());
            assertTrue(dry.diff().contains("-username rogue privilege 15"), dry.diff());
            assertTrue(env.farm().config("dev-000").contains("username rogue"), "a dry run changes nothing");

            var applied = restore.restore(services.layout(), services.configuration(), "dev-000", version, true, "local:test");
            assertTrue(applied.applied());
            assertTrue(applied.verified(), applied.message());
            assertFalse(env.farm().config("dev-000").contains("username rogue"));

            var again = restore.restore(services.layout(), services.configuration(), "dev-000", "latest", false, "local:test");
            assertTrue(again.verified(), "already matches: " + again.message());

            services.inventory().lockRestore("dev-000", "local:someone-else", Instant.now(), java.time.Duration.ofMinutes(30));
            var locked = assertThrows(IllegalStateException.class,
                    () -> restore.restore(services.layout(), services.configuration(), "dev-000", version, true, "local:test"));
            assertTrue(locked.getMessage().contains("being restored by local:someone-else"), locked.getMessage());
            services.inventory().unlockRestore("dev-000");

            var missing = assertThrows(IllegalArgumentException.class,
                    () -> restore.restore(services.layout(), services.configuration(), "dev-000", "20200101T000000Z", false, "local:test"));
            assertTrue(missing.getMessage().contains("has no stored version '20200101T000000Z'"), missing.getMessage());

            var audit = services.auditLog().list(Optional.empty(), Optional.of("local:test"), 10);
            assertTrue(audit.stream().anyMatch(a -> a.get("action").equals("restore") && a.get("result").equals("ok")), audit.toString());
            assertFalse(audit.toString().contains(QueuedServices.PASSWORD));
        }
    }

}
