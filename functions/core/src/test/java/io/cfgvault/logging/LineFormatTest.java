package io.cfgvault.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

class LineFormatTest {
    private static final List<KeyValuePair> FIELDS = List.of(new KeyValuePair("jobId", "api-1"),
            new KeyValuePair("device", "core-sw-01"), new KeyValuePair("step", "fetch"), new KeyValuePair("bytes", 42L),
            new KeyValuePair("error", "line 3: \"% Invalid input\"\tat\n'show run'"));

    @Test
    void lambdaLineIsOneJsonObjectWithTheFieldsAtTopLevel() throws Exception {
        String line = LineFormat.json(Instant.parse("2026-11-23T13:00:00Z"), Level.INFO, "io.cfgvault.jobs.DeviceBackup",
                "device core-sw-01 timeout", FIELDS, null);
        var json = new ObjectMapper().readTree(line);
        assertEquals(1, line.lines().count());
        assertEquals("INFO", json.get("level").asText());
        assertEquals("api-1", json.get("jobId").asText());
        assertEquals("core-sw-01", json.get("device").asText());
        assertEquals("fetch", json.get("step").asText());
        assertEquals(42, json.get("bytes").asInt());
        assertEquals("line 3: \"% Invalid input\"\tat\n'show run'", json.get("error").asText());
        assertEquals("2026-11-23T13:00:00Z", json.get("timestamp").asText());
    }

    @Test
    void localLineIsReadableWithFieldsAsKeyValues() {
        String line = LineFormat.text(Level.WARN, "io.cfgvault.jobs.DeviceBackup", "device core-sw-01 timeout",
                FIELDS.subList(0, 4), null);
        assertEquals("WARN DeviceBackup: device core-sw-01 timeout jobId=api-1 device=core-sw-01 step=fetch bytes=42", line);
    }

    @Test
    void loggerLevelsComeFromTheLongestConfiguredPrefix() {
        System.setProperty("cfgvault.log.org.example.noisy", "warn");
        System.setProperty("cfgvault.log.org.example.silent", "off");
        try {
            var settings = new LogSettings(false, Level.INFO);
            assertEquals(Level.WARN.toInt(), settings.thresholdOf("org.example.noisy.Server"));
            assertEquals(Integer.MAX_VALUE, settings.thresholdOf("org.example.silent"));
            assertEquals(Level.INFO.toInt(), settings.thresholdOf("io.cfgvault.jobs.DeviceBackup"));
        } finally {
            System.clearProperty("cfgvault.log.org.example.noisy");
            System.clearProperty("cfgvault.log.org.example.silent");
        }
    }
}
