package io.cfgvault.local.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.inventory.RestoreLockedException;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.restore.RestoreService;
import io.cfgvault.restore.RestoreService.Cause;
import io.cfgvault.restore.RestoreService.Result;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restoring a device to a stored version against simulated devices that really change their running config:
 * pre-restore copy, push per platform method, read-back verification and automatic rollback.
 */
class RestoreTest {
    private static QueuedServices env;
    private static RestoreService restore;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("restore", 0, 4_000, Map.of(), 60);
        var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", QueuedServices.USER,
                QueuedServices.PASSWORD)), Map.of(), java.nio.file.Path.of("."));
        restore = env.services().restoreService(creds, Profiles.builtin());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    /** A fresh device of the flavour with a generated config, backed up once; returns that version. */
    private static String deviceWithBackup(String name, String flavour, String config) throws Exception {
        env.farm().add(new SimDevice(name, flavour, QueuedServices.USER, QueuedServices.PASSWORD, config, Fault.NONE));
        env.services().inventory().upsert(List.of(device(name, flavour, env.farm().port(name))));
        return backup(name);
    }

    private static Device device(String name, String flavour, int port) {
        return new Device(name, env.farm().host(), port, flavour, "lab-model", "lab", "lab", true, Optional.empty(),
                Map.of("wallLimit", "30s", "idleTimeout", "5s", "connectTimeout", "5s"));
    }

    private static String backup(String name) {
        var job = env.services().backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true,
                new JobRequest.DeviceSelector(List.of(name), Optional.empty(), Optional.empty()), "local:test"));
        var outcome = job.devices().get(0);
        assertTrue(outcome.ok(), outcome.error());
        return outcome.version();
    }

    private static RestoreService.Outcome run(String device, String version, boolean apply) {
        return restore.restore(env.services().layout(), env.services().configuration(), device, version, apply, "local:test");
    }

    private static List<String> significant(String config) {
        return config.lines().map(String::stripTrailing).filter(l -> !l.isBlank() && !l.strip().startsWith("!") && !l.startsWith("#")
                && !l.equals("end") && !l.startsWith("Building configuration") && !l.startsWith("Current configuration")).toList();
    }

    @Test
    void iosDryRunShowsTheDiffAndApplyRemovesRogueLinesKeepingAPreRestoreCopy() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "ios-ok", 4_000, 99);
        String version = deviceWithBackup("ios-ok", "cisco_ios", good);
        // someone breaks the device: a rogue user added, an interface description changed
        env.farm().setConfig("ios-ok", good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend")
                .replaceFirst(" description [^\n]*", " description HACKED"));

        var dry = run("ios-ok", version, false);
        assertEquals(Result.DRY_RUN, dry.result());
        assertTrue(dry.diff().contains("-username rogue privilege 15"), dry.diff());
        assertTrue(env.farm().config("ios-ok").contains("username rogue"), "a dry run changes nothing");

        var applied = run("ios-ok", version, true);
        assertEquals(Result.RESTORED, applied.result(), applied.message() + "\n" + env.farm().config("ios-ok"));
        String now = env.farm().config("ios-ok");
        assertFalse(now.contains("username rogue"), now);
        assertFalse(now.contains("HACKED"), now);
        assertEquals(significant(good.replaceAll("(?m)^ntp clock-period.*\n", "")), significant(now.replaceAll("(?m)^ntp clock-period.*\n", "")));
        // the config found before the push is a normal backup version
        String pre = env.services().store().list(env.services().layout().archiveDevicePrefix("ios-ok")).stream()
                .filter(k -> k.endsWith(applied.preRestore() + ".yaml")).findFirst().orElseThrow();
        assertNotEquals(version, applied.preRestore());
        try (var in = env.services().store().open(pre).orElseThrow()) {
            assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("username rogue"));
        }
        assertTrue(applied.steps().stream().anyMatch(s -> s.step().equals("verify")), applied.steps().toString());
        assertFalse(applied.steps().toString().contains("rogue"), "steps name no config line: " + applied.steps());

        assertEquals(Result.UNCHANGED, run("ios-ok", version, false).result(), "restored, so nothing left to do");
        var audit = env.services().auditLog().list(Optional.empty(), Optional.of("local:test"), 50);
        assertTrue(audit.stream().anyMatch(a -> a.get("action").equals("restore") && a.get("result").equals("ok")), audit.toString());
        assertFalse(audit.toString().contains(QueuedServices.PASSWORD));
    }

    @Test
    void aLockedDeviceIsRefusedAndAnUnknownVersionChangesNothing() throws Exception {
        String version = deviceWithBackup("ios-lock", "cisco_ios", SimConfigs.generate("cisco_ios", "ios-lock", 2_000, 1));
        env.services().inventory().lockRestore("ios-lock", "local:someone-else", Instant.now(), RestoreService.LOCK_EXPIRY);
        var locked = assertThrows(RestoreLockedException.class, () -> run("ios-lock", version, true));
        assertTrue(locked.getMessage().contains("being restored by local:someone-else"), locked.getMessage());
        // a backup run meanwhile does not fetch the device, and says why
        var job = env.services().backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true,
                new JobRequest.DeviceSelector(List.of("ios-lock"), Optional.empty(), Optional.empty()), "local:test"));
        assertEquals("skipped", job.devices().get(0).status().wire());
        assertTrue(job.devices().get(0).error().contains("being restored by local:someone-else"), job.devices().get(0).error());
        env.services().inventory().unlockRestore("ios-lock");
        // a lock older than the expiry is taken over
        env.services().inventory().lockRestore("ios-lock", "local:crashed", Instant.now().minus(RestoreService.LOCK_EXPIRY).minusSeconds(60),
                RestoreService.LOCK_EXPIRY);
        assertEquals(Result.UNCHANGED, run("ios-lock", version, true).result());

        var missing = assertThrows(IllegalArgumentException.class, () -> run("ios-lock", "20200101T000000Z", false));
        assertTrue(missing.getMessage().contains("has no stored version '20200101T000000Z'"), missing.getMessage());
    }

    @Test
    void aRejectedLineRollsTheDeviceBackToThePreRestoreCopy() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "ios-bad", 3_000, 7);
        // a stored version with a line this device refuses (stored from a device that printed it)
        String bad = good.replace("\nend", "\nfrobnicate everything now\nend");
        String badVersion = deviceWithBackup("ios-bad", "cisco_ios", bad);
        String current = good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend");
        env.farm().setConfig("ios-bad", current);

        var outcome = run("ios-bad", badVersion, true);
        assertEquals(Result.ROLLED_BACK, outcome.result(), outcome.message());
        assertEquals(Cause.PUSH_REJECTED, outcome.cause());
        assertTrue(outcome.message().contains("rejected"), outcome.message());
        // the push had already removed the rogue user before the bad line; the rollback put it back
        assertTrue(env.farm().config("ios-bad").contains("username rogue"), "rolled back to the pre-restore config");
        assertFalse(env.farm().config("ios-bad").contains("frobnicate"));
        assertTrue(outcome.steps().stream().anyMatch(s -> s.step().equals("rollback verify") && s.detail().startsWith("matches")),
                outcome.steps().toString());
    }

    @Test
    void aVersionTheDeviceStoresDifferentlyFailsVerificationAndIsRolledBack() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "ios-order", 3_000, 8);
        // the stored copy has an interface where IOS never prints it (hand-edited), so the device's result differs
        String odd = good.replace("\n!\naaa new-model", "\n!\ninterface Loopback7\n description mgmt\n!\naaa new-model");
        String oddVersion = deviceWithBackup("ios-order", "cisco_ios", odd);
        env.farm().setConfig("ios-order", good);

        var outcome = run("ios-order", oddVersion, true);
        assertEquals(Result.ROLLED_BACK, outcome.result(), outcome.message());
        assertEquals(Cause.VERIFY_MISMATCH, outcome.cause());
        assertFalse(env.farm().config("ios-order").contains("Loopback7"), "the rollback removed what the push added");
    }

    @Test
    void aSessionLostMidPushIsRolledBack() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "ios-drop", 3_000, 9);
        String version = deviceWithBackup("ios-drop", "cisco_ios", good);
        String current = good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend");
        env.farm().setConfig("ios-drop", current);
        env.farm().setFault("ios-drop", Fault.DROP_IN_CONFIG_MODE);

        var outcome = run("ios-drop", version, true);
        assertEquals(Result.ROLLED_BACK, outcome.result(), outcome.message());
        assertEquals(Cause.SESSION_LOST, outcome.cause());
        assertTrue(env.farm().config("ios-drop").contains("username rogue"));
    }

    @Test
    void anUnreachableDeviceIsNotChangedAndTheRestoreFails() throws Exception {
        String version = deviceWithBackup("ios-gone", "cisco_ios", SimConfigs.generate("cisco_ios", "ios-gone", 2_000, 10));
        int closed;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        env.services().inventory().upsert(List.of(device("ios-gone", "cisco_ios", closed)));
        String before = env.farm().config("ios-gone");

        var outcome = run("ios-gone", version, true);
        assertEquals(Result.FAILED, outcome.result(), outcome.message());
        assertTrue(outcome.message().contains("nothing was changed"), outcome.message());
        assertEquals(before, env.farm().config("ios-gone"));
    }

    @Test
    void junosLoadOverrideReplacesTheConfigWithAConfirmedCommitAndABadFileChangesNothing() throws Exception {
        String good = SimConfigs.generate("juniper_junos", "mx-1", 3_000, 11);
        String version = deviceWithBackup("mx-1", "juniper_junos", good);
        env.farm().setConfig("mx-1", good.replace("\nprotocols {", "\nrouting-options {\n    static {\n        route 0.0.0.0/0 discard;\n"
                + "    }\n}\nprotocols {"));

        var outcome = run("mx-1", version, true);
        assertEquals(Result.RESTORED, outcome.result(), outcome.message() + outcome.steps());
        assertFalse(env.farm().config("mx-1").contains("route 0.0.0.0/0 discard"));
        assertFalse(env.farm().confirmPending("mx-1"), "the confirmed commit was confirmed after verification");
        assertTrue(outcome.steps().stream().anyMatch(s -> s.step().equals("confirm")), outcome.steps().toString());

        // a stored file with a syntax error: load fails, nothing is committed, the device keeps its config
        env.farm().setConfig("mx-1", good.replace("\nsnmp {", "\nfrobnicate {\n}\nsnmp {"));
        String badVersion = backup("mx-1");
        env.farm().setConfig("mx-1", good);
        var rejected = run("mx-1", badVersion, true);
        assertEquals(Result.ROLLED_BACK, rejected.result(), rejected.message());
        assertEquals(Cause.PUSH_REJECTED, rejected.cause());
        assertFalse(env.farm().config("mx-1").contains("frobnicate"));
    }

    @Test
    void eosConfigureSessionReplacesTheWholeConfig() throws Exception {
        String good = SimConfigs.generate("arista_eos", "eos-1", 3_000, 12);
        String version = deviceWithBackup("eos-1", "arista_eos", good);
        env.farm().setConfig("eos-1", good.replace("\nend", "\nusername rogue privilege 15 role network-admin secret sha512 $6$x\n"
                + "interface Loopback9\n   description rogue\nend"));

        var outcome = run("eos-1", version, true);
        assertEquals(Result.RESTORED, outcome.result(), outcome.message() + outcome.steps());
        assertFalse(env.farm().config("eos-1").contains("rogue"), env.farm().config("eos-1"));
        assertFalse(env.farm().confirmPending("eos-1"), "the commit timer was confirmed");
    }
}
