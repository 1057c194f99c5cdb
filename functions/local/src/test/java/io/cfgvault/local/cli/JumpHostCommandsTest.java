package io.cfgvault.local.cli;

import static io.cfgvault.local.cli.BackupCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.local.cli.BackupCommandTest.Run;
import io.cfgvault.local.sim.Bastion;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device behind two bastions, from an inventory file's {@code jumpHosts}: backup, jump host trust and restore. */
class JumpHostCommandsTest {
    @TempDir
    Path dir;

    @Test
    void deviceBehindTwoBastionsIsBackedUpAndRestoredOnceTheInnerKeyIsPinned() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "core-sw", 4_000, 9);
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), List.of(
                new SimDevice("core-sw", "cisco_ios", "ops", "pw-device-1", good, Fault.NONE)));
             Bastion dmz = Bastion.start("jumper", "pw-dmz-1");
             Bastion core = Bastion.start("jumper", "pw-core-1")) {
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, """
                    credentials:
                      device: {username: ops, password: pw-device-1}
                      dmz: {username: jumper, password: pw-dmz-1}
                      core: {username: jumper, password: pw-core-1}
                    jumpHosts:
                      dmz: {host: 127.0.0.1, port: %d, credentials: dmz, hostKey: '%s'}
                      core: {host: 127.0.0.1, port: %d, credentials: core}
                    devices:
                      - {name: core-sw, host: 127.0.0.1, port: %d, platform: cisco_ios, credentials: device, jump: [dmz, core]}
                    """.formatted(dmz.port(), dmz.hostKey(), core.port(), farm.port("core-sw")));
            String dataDir = dir.resolve("data").toString();

            Run refused = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--no-tables");
            assertEquals(2, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().contains("host_key_changed"), refused.out());
            assertTrue(refused.out().contains("jump host 'core' (127.0.0.1:" + core.port() + ") has no pinned host key, on the way to core-sw"),
                    refused.out());
            assertTrue(core.forwarded().isEmpty(), "nothing went through an unpinned jump host");

            Run badKey = run("trust", "--jump-host", "core", "--key", "not-a-key", "--data-dir", dataDir);
            assertEquals(1, badKey.code());
            assertTrue(badKey.err().contains("jump.core.hostKey"), badKey.err());

            Run pinned = run("trust", "--jump-host", "core", "--key", core.hostKey(), "--data-dir", dataDir);
            assertEquals(0, pinned.code(), pinned.out() + pinned.err());
            assertTrue(pinned.out().contains("jump host core: pinned ecdsa-sha2-nistp256 key"), pinned.out());

            Run backedUp = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--no-tables");
            assertEquals(0, backedUp.code(), backedUp.out() + backedUp.err());
            assertTrue(backedUp.out().matches("(?s).*core-sw\\s+ok\\s+\\d+\\s+changed.*"), backedUp.out());
            assertEquals(List.of("127.0.0.1:" + core.port(), "127.0.0.1:" + core.port()), dmz.forwarded(),
                    "the outer bastion opened the way to the inner one, for the refused backup and this one");
            assertEquals(List.of("127.0.0.1:" + farm.port("core-sw")), core.forwarded());

            farm.setConfig("core-sw", good.replace("\nend", "\nip route 0.0.0.0 0.0.0.0 192.0.2.77\nend"));
            Run restored = run("restore", "core-sw", "--apply", "--inventory", inventory.toString(), "--data-dir", dataDir);
            assertEquals(0, restored.code(), restored.out() + restored.err());
            assertTrue(restored.out().contains(") and verified"), restored.out());
            assertFalse(farm.config("core-sw").contains("192.0.2.77"), "the restore went through both jump hosts");
            assertTrue(core.forwarded().size() > 1);

            for (String out : List.of(refused.out(), refused.err(), backedUp.out(), restored.out(), restored.err())) {
                for (String secret : List.of("pw-device-1", "pw-dmz-1", "pw-core-1")) {
                    assertFalse(out.contains(secret), "a password leaked: " + out);
                }
            }
        }
    }

    @Test
    void deviceNamingAnUndefinedJumpHostIsRejectedBeforeAnythingIsWritten() throws Exception {
        Path inventory = dir.resolve("bad.yaml");
        Files.writeString(inventory, """
                credentials:
                  c: {username: ops, password: x}
                jumpHosts:
                  dmz: {host: 10.0.0.9, credentials: c}
                devices:
                  - {name: sw-a, host: 10.0.0.1, platform: cisco_ios, credentials: c, jump: [dmz, nowhere]}
                """);
        Run r = run("backup", "--inventory", inventory.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("device 'sw-a': jump host 'nowhere' is not defined under 'jumpHosts'"), r.err());
    }
}
