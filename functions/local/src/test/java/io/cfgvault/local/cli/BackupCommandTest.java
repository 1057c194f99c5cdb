package io.cfgvault.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cfgvault backup --inventory FILE}, as a user runs it: exit codes, summary, host key pinning and re-trust. */
class BackupCommandTest {
    @TempDir
    Path dir;

    @Test
    void backupReportsEveryDeviceExitsTwoOnFailureAndHostKeyChangeNeedsExplicitTrust() throws Exception {
        var devices = List.of(
                new SimDevice("sw-a", "cisco_ios", "ops", "pw-alpha-1", SimConfigs.generate("cisco_ios", "sw-a", 5_000, 1), Fault.NONE),
                new SimDevice("rtr-b", "juniper_junos", "ops", "pw-alpha-1", SimConfigs.generate("juniper_junos", "rtr-b", 5_000, 2), Fault.NONE),
                new SimDevice("sw-bad", "cisco_ios", "ops", "pw-alpha-1", SimConfigs.generate("cisco_ios", "sw-bad", 5_000, 3), Fault.WRONG_PASSWORD));
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), devices)) {
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, """
                    credentials:
                      lab: {username: ops, passwordEnv: CFGVAULT_TEST_UNSET_VAR}
                      inline: {username: ops, password: pw-alpha-1}
                    devices:
                      - {name: sw-a, host: 127.0.0.1, port: %d, platform: cisco_ios, model: C9300, group: campus, credentials: inline}
                      - {name: rtr-b, host: 127.0.0.1, port: %d, platform: juniper_junos, model: MX204, group: wan, credentials: inline}
                      - {name: sw-bad, host: 127.0.0.1, port: %d, platform: cisco_ios, model: C9300, group: campus, credentials: inline}
                    """.formatted(farm.port("sw-a"), farm.port("rtr-b"), farm.port("sw-bad")));
            String dataDir = dir.resolve("data").toString();

            Run first = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir);
            assertEquals(2, first.code(), first.out());
            assertTrue(first.out().matches("(?s).*sw-a\\s+ok\\s+\\d+\\s+changed.*"), first.out());
            assertTrue(first.out().matches("(?s).*rtr-b\\s+ok\\s+\\d+\\s+changed.*"), first.out());
            assertTrue(first.out().matches("(?s).*sw-bad\\s+auth_failed.*"), first.out());
            assertTrue(first.out().contains("3 devices: 2 ok (2 changed), 1 failed"), first.out());
            assertFalse(first.out().contains("pw-alpha-1") || first.err().contains("pw-alpha-1"), "no password in any output");

            Run campusOnly = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--group", "campus", "--device", "sw-a", "--no-tables");
            assertEquals(0, campusOnly.code(), campusOnly.out());
            assertTrue(campusOnly.out().matches("(?s).*sw-a\\s+ok\\s+\\d+\\s+unchanged.*"), campusOnly.out());
            assertFalse(campusOnly.out().contains("rtr-b"), campusOnly.out());

            farm.rotateHostKey("sw-a");
            Run changedKey = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--device", "sw-a", "--no-tables");
            assertEquals(2, changedKey.code(), changedKey.out());
            assertTrue(changedKey.out().contains("host_key_changed"), changedKey.out());
            assertTrue(changedKey.out().contains("SHA256:"), "names the fingerprints: " + changedKey.out());
            assertTrue(changedKey.out().contains("re-trust it with `cfgvault trust sw-a`"), "names the command: " + changedKey.out());

            assertEquals(0, run("trust", "sw-a", "--data-dir", dataDir).code());
            Run trusted = run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--device", "sw-a", "--no-tables");
            assertEquals(0, trusted.code(), trusted.out());
        }
    }

    @Test
    void restoreShowsTheDiffThenAppliesAndVerifies() throws Exception {
        String good = SimConfigs.generate("cisco_ios", "sw-r", 3_000, 5);
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), List.of(
                new SimDevice("sw-r", "cisco_ios", "ops", "pw-alpha-1", good, Fault.NONE)))) {
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, """
                    credentials:
                      inline: {username: ops, password: pw-alpha-1}
                    devices:
                      - {name: sw-r, host: 127.0.0.1, port: %d, platform: cisco_ios, credentials: inline}
                    """.formatted(farm.port("sw-r")));
            String dataDir = dir.resolve("data").toString();
            assertEquals(0, run("backup", "--inventory", inventory.toString(), "--data-dir", dataDir, "--no-tables").code());
            farm.setConfig("sw-r", good.replace("\nend", "\nip route 0.0.0.0 0.0.0.0 192.0.2.99\nend"));

            Run dry = run("restore", "sw-r", "--inventory", inventory.toString(), "--data-dir", dataDir);
            assertEquals(0, dry.code(), dry.out() + dry.err());
            assertTrue(dry.out().contains("-ip route 0.0.0.0 0.0.0.0 192.0.2.99"), dry.out());
            assertTrue(dry.out().contains("dry run: 0 lines to add, 1 to remove; nothing was changed"), dry.out());

            Run applied = run("restore", "sw-r", "--apply", "--inventory", inventory.toString(), "--data-dir", dataDir);
            assertEquals(0, applied.code(), applied.out() + applied.err());
            assertTrue(applied.out().contains("restored latest (") && applied.out().contains(") and verified"), applied.out());
            assertFalse(farm.config("sw-r").contains("192.0.2.99"));
        }
    }

    @Test
    void badInventoryFileIsRejectedNamingTheDeviceAndField() throws Exception {
        Path inventory = dir.resolve("bad.yaml");
        Files.writeString(inventory, "devices:\n  - {name: sw-a, host: 10.0.0.1, port: 99999, platform: cisco_ios, credentials: x}\n");
        Run r = run("backup", "--inventory", inventory.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("device 'sw-a': 'port' must be a number from 1 to 65535"), r.err());
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cli = new CommandLine(new Cfgvault())
                    .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8))
                    .setExecutionExceptionHandler((e, cmd, parsed) -> {
                        cmd.getErr().println("cfgvault: " + e.getMessage());
                        return 1;
                    });
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }
}
