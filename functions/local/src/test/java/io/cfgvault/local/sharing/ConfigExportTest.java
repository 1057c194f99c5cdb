package io.cfgvault.local.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.sharing.ConfigExport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A zip of selected configs that a colleague can check: one file per device and a manifest of versions and sha256. */
class ConfigExportTest {
    static QueuedServices env;
    static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-22T10:00:00Z");
    static Instant between;
    static String oldConfig;
    static String newConfig;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("export", 4, 6_000, Map.of(), 60);
        oldConfig = SimConfigs.generate("cisco_ios", "dev-000", 6_000, 1);
        newConfig = oldConfig.replace("\nend", "\nhostname changed-later\nend");
        env.farm().setConfig("dev-000", oldConfig);
        backup(T1);
        // Archive versions are stamped with the fetch time, to the second: leave a second on each side.
        Thread.sleep(1_100);
        between = Instant.now();
        Thread.sleep(1_100);
        env.farm().setConfig("dev-000", newConfig);
        backup(T2);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    static void backup(Instant time) {
        env.services().backupJobs().run(new JobRequest(Trigger.CLI, time, false, true,
                new JobRequest.DeviceSelector(List.of(), Optional.empty(), Optional.empty()), "local:test"));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        var out = new TreeMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static byte[] export(ConfigExport.Selection selection) throws Exception {
        var export = new ConfigExport(env.services().store(), env.services().inventory());
        var bytes = new ByteArrayOutputStream();
        export.write(env.services().layout(), selection, export.select(selection), bytes, Instant.now(), ConfigExport.Progress.NONE);
        return bytes.toByteArray();
    }

    @Test
    void aModelsConfigsAreZippedWithAManifestWhoseChecksumsMatch() throws Exception {
        var c9300 = env.services().inventory().list().stream().filter(e -> e.device().model().equals("C9300"))
                .map(e -> e.device().name()).sorted().toList();
        var files = unzip(export(new ConfigExport.Selection(List.of(), Optional.of("C9300"), Optional.empty(), Optional.empty())));
        assertEquals(c9300.stream().map(d -> "configs/" + d + ".cfg").toList(),
                files.keySet().stream().filter(k -> k.startsWith("configs/")).toList());
        JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));
        assertEquals(c9300.size(), manifest.get("devices").size());
        for (JsonNode d : manifest.get("devices")) {
            byte[] content = files.get(d.get("file").asText());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), d.get("sha256").asText());
            String version = env.services().inventory().get(d.get("device").asText()).orElseThrow().state().version().orElseThrow();
            assertEquals(version, d.get("version").asText());
        }
    }

    @Test
    void anAsOfDateExportsTheVersionThatWasCurrentThen() throws Exception {
        var selection = new ConfigExport.Selection(List.of("dev-000"), Optional.empty(), Optional.empty(),
                Optional.of(between));
        var files = unzip(export(selection));
        String then = new String(files.get("configs/dev-000.cfg"), StandardCharsets.UTF_8);
        assertTrue(then.contains("\nend") && !then.contains("hostname changed-later"), "the copy of 20 November");
        var latest = unzip(export(new ConfigExport.Selection(List.of("dev-000"), Optional.empty(), Optional.empty(), Optional.empty())));
        assertTrue(new String(latest.get("configs/dev-000.cfg"), StandardCharsets.UTF_8).contains("\nhostname changed-later\n"));
        var before = new ConfigExport.Selection(List.of("dev-000"), Optional.empty(), Optional.empty(), Optional.of(Instant.parse("2026-11-01T00:00:00Z")));
        JsonNode manifest = new ObjectMapper().readTree(unzip(export(before)).get("manifest.json"));
        assertEquals("dev-000", manifest.get("missing").get(0).asText(), "no copy that old: reported, not invented");
    }

    @Test
    void anUnknownDeviceOrAnEmptySelectionIsRefusedByName() {
        var export = new ConfigExport(env.services().store(), env.services().inventory());
        var e = assertThrows(IllegalArgumentException.class, () -> export.select(
                new ConfigExport.Selection(List.of("nope-01"), Optional.empty(), Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().contains("'nope-01'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> export.select(
                new ConfigExport.Selection(List.of(), Optional.of("NO-SUCH-MODEL"), Optional.empty(), Optional.empty())));
    }
}
