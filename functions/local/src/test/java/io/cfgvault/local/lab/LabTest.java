package io.cfgvault.local.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.local.cli.CliRun;
import io.cfgvault.local.sim.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cfgvault lab}: its inventory works with backup as written, and another terminal controls faults and changes. */
class LabTest {
    @TempDir
    Path dir;

    @Test
    void backupOfTheLabInventoryFollowsFaultsAndChangesSetFromAnotherTerminal() throws Exception {
        Path labDir = dir.resolve("lab");
        String data = dir.resolve("data").toString();
        try (Lab lab = Lab.start(labDir, 4, Map.of("dist-sw-02", Fault.CUT_MID_CONFIG), new PrintStream(new ByteArrayOutputStream()))) {
            InventoryFile inv = InventoryFile.read(lab.inventoryFile());
            assertEquals(List.of("core-sw-01", "dist-sw-01", "dist-sw-02", "edge-rtr-01"),
                    inv.devices().stream().map(d -> d.name()).toList());
            String file = lab.inventoryFile().toString();

            var first = CliRun.run("backup", "--inventory", file, "--data-dir", data, "--no-tables");
            assertEquals(2, first.code(), first.out());
            assertTrue(first.out().matches("(?s).*dist-sw-02\\s+truncated.*"), first.out());
            assertTrue(first.out().contains("4 devices: 3 ok (3 changed), 1 failed"), first.out());

            var status = CliRun.run("lab", "status", "--dir", labDir.toString());
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().matches("(?s).*dist-sw-02\\s+cisco_ios\\s+C9300\\s+\\d+\\s+cut-mid-config.*"), status.out());

            assertEquals(0, CliRun.run("lab", "fault", "dist-sw-02", "none", "--dir", labDir.toString()).code());
            var changed = CliRun.run("lab", "change", "core-sw-01", "Bern DC-1", "--dir", labDir.toString());
            assertEquals(0, changed.code(), changed.err());
            assertTrue(lab.farm().config("core-sw-01").contains("snmp-server location Bern DC-1\n"));

            var second = CliRun.run("backup", "--inventory", file, "--data-dir", data, "--no-tables");
            assertEquals(0, second.code(), second.out());
            assertTrue(second.out().matches("(?s).*core-sw-01\\s+ok\\s+\\d+\\s+changed.*"), second.out());
            assertTrue(second.out().matches("(?s).*dist-sw-01\\s+ok\\s+\\d+\\s+unchanged.*"), second.out());
            assertTrue(second.out().matches("(?s).*dist-sw-02\\s+ok\\s+\\d+\\s+changed.*"), second.out());

            var typo = CliRun.run("lab", "fault", "dist-sw-02", "explode", "--dir", labDir.toString());
            assertEquals(1, typo.code());
            assertTrue(typo.err().contains("unknown fault 'explode'; use one of [none, hang-after-login"), typo.err());
            var unknown = CliRun.run("lab", "change", "no-such-sw", "--dir", labDir.toString());
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().contains("No simulated device named 'no-such-sw'"), unknown.err());
        }
        var notRunning = CliRun.run("lab", "status", "--dir", labDir.toString());
        assertEquals(1, notRunning.code());
        assertTrue(notRunning.err().contains("no lab is running in"), notRunning.err());
    }

    @Test
    void restartedLabKeepsPortsAndHostKeysSoTheInventoryAndPinnedKeysStayValid() throws Exception {
        Path labDir = dir.resolve("lab");
        List<Integer> ports;
        String key;
        try (Lab lab = Lab.start(labDir, 2, Map.of(), new PrintStream(new ByteArrayOutputStream()))) {
            ports = lab.devices().stream().map(d -> d.port()).toList();
            key = lab.farm().hostKey("core-sw-01");
        }
        try (Lab lab = Lab.start(labDir, 2, Map.of(), new PrintStream(new ByteArrayOutputStream()))) {
            assertEquals(ports, lab.devices().stream().map(d -> d.port()).toList());
            assertEquals(key, lab.farm().hostKey("core-sw-01"));
        }
    }

    @Test
    void badFaultSpecsAreRefusedNamingTheSpecAndTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Lab.parseFaults(List.of("leaf-01")));
        assertTrue(e.getMessage().contains("--faults 'leaf-01' must be DEVICE=FAULT"), e.getMessage());
        var unknownDevice = assertThrows(IllegalArgumentException.class,
                () -> Lab.start(dir.resolve("x"), 2, Map.of("leaf-09", Fault.NONE), System.out));
        assertTrue(unknownDevice.getMessage().contains("no simulated device named 'leaf-09'"), unknownDevice.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("x").resolve("control")));
    }
}
