package io.cfgvault.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfgvault history DEVICE} and {@code cfgvault diff DEVICE [--from V] [--to V]} against the embedded
 * environment: versions newest first, what changed between two backups, and one-line errors for bad input.
 */
class HistoryDiffCommandTest {
    private static final Pattern VERSION = Pattern.compile("(?m)^(\\d{8}T\\d{6}Z)\\s");

    @TempDir
    Path dir;

    @Test
    void historyListsVersionsNewestFirstAndDiffShowsWhatChangedBetweenThem() throws Exception {
        String config = SimConfigs.generate("cisco_ios", "edge-1", 3_000, 4);
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), List.of(
                new SimDevice("edge-1", "cisco_ios", "ops", "pw-history-1", config, Fault.NONE)))) {
            Path inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, """
                    credentials:
                      inline: {username: ops, password: pw-history-1}
                    devices:
                      - {name: edge-1, host: 127.0.0.1, port: %d, platform: cisco_ios, credentials: inline}
                    """.formatted(farm.port("edge-1")));
            String data = dir.resolve("data").toString();

            ok("backup", "--inventory", inventory.toString(), "--data-dir", data, "--no-tables");
            String one = ok("history", "edge-1", "--data-dir", data);
            assertTrue(one.startsWith("edge-1: 1 version, newest first"), one);
            String first = versions(one).get(0);

            var nothingBefore = CliRun.run("diff", "edge-1", "--data-dir", data);
            assertEquals(1, nothingBefore.code(), nothingBefore.out());
            assertEquals("cfgvault: device 'edge-1' has no version before " + first + "; nothing to compare it with"
                    + " (give --from, see `cfgvault history edge-1`)", nothingBefore.err().strip());

            farm.setConfig("edge-1", config.replace("\nend", "\nsnmp-server location Bern DC-1\nend"));
            ok("backup", "--inventory", inventory.toString(), "--data-dir", data, "--no-tables");
            String two = ok("history", "edge-1", "--data-dir", data);
            assertTrue(two.startsWith("edge-1: 2 versions, newest first"), two);
            List<String> listed = versions(two);
            assertEquals(2, listed.size(), two);
            assertEquals(first, listed.get(1), "the older version is listed last: " + two);
            String second = listed.get(0);
            assertTrue(second.compareTo(first) > 0, two);
            assertTrue(two.contains("archive/") && two.contains("edge-1"), "each version names its S3 key: " + two);

            String diff = ok("diff", "edge-1", "--data-dir", data);
            assertTrue(diff.contains("--- edge-1@" + first + "\n+++ edge-1@" + second + "\n"), diff);
            assertTrue(diff.contains("\n+snmp-server location Bern DC-1\n"), diff);
            assertEquals(1, diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).count(), "one added line: " + diff);

            String reversed = ok("diff", "edge-1", "--from", second, "--to", first, "--data-dir", data);
            assertTrue(reversed.contains("\n-snmp-server location Bern DC-1\n"), reversed);
            assertEquals("no change between edge-1@" + second + " and edge-1@" + second + "\n",
                    ok("diff", "edge-1", "--from", "latest", "--data-dir", data));

            assertFails("cfgvault: --to '2026-12-01' is not a backup version; use 'latest' or a version such as 20261123T130000Z",
                    "diff", "edge-1", "--to", "2026-12-01", "--data-dir", data);
            assertFails("cfgvault: device 'edge-1' has no backup version 20200101T000000Z; `cfgvault history edge-1` lists its versions",
                    "diff", "edge-1", "--from", "20200101T000000Z", "--data-dir", data);
            assertFails("cfgvault: device 'ghost-9' is not in the inventory and has no stored backups",
                    "history", "ghost-9", "--data-dir", data);
            assertFails("cfgvault: device 'ghost-9' is not in the inventory and has no stored backups",
                    "diff", "ghost-9", "--data-dir", data);
            var badName = CliRun.run("history", "../edge-1", "--data-dir", data);
            assertEquals(1, badName.code());
            assertTrue(badName.err().contains("../edge-1"), badName.err());
            for (String out : List.of(one, two, diff, reversed)) {
                assertTrue(!out.contains("pw-history-1"), "no password in any output");
            }
        }
    }

    private static String ok(String... args) {
        var r = CliRun.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        return r.out();
    }

    private static void assertFails(String message, String... args) {
        var r = CliRun.run(args);
        assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out());
        assertEquals(message, r.err().strip(), String.join(" ", args));
    }

    private static List<String> versions(String history) {
        var out = new ArrayList<String>();
        var m = VERSION.matcher(history);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
