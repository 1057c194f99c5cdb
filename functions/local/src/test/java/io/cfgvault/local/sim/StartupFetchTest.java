package io.cfgvault.local.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.FetchResult.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The startup config is read after the running config, in the same session, and never costs the running config. */
class StartupFetchTest {
    @TempDir
    Path dir;

    /** Generous limits: the first fetch of a test JVM on a busy machine may take seconds to connect. */
    static FetchResult fetch(DeviceFarm farm, String name, io.cfgvault.config.PlatformProfile profile) {
        var d = FarmFixture.inventory(farm, name, profile.name(), Map.of(), null);
        return FarmFixture.FETCHER.fetch(new io.cfgvault.ssh.FetchRequest(d, io.cfgvault.inventory.Credentials.password(
                FarmFixture.USER, FarmFixture.PASSWORD), profile, java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(20), 1));
    }

    @Test
    void aDeviceThatRefusesTheStartupCommandStillGivesItsRunningConfig() throws Exception {
        try (DeviceFarm farm = DeviceFarm.start(dir, List.of(FarmFixture.device("r1", "cisco_ios", 3_000, Fault.NONE)))) {
            var profile = FarmFixture.variant("""
                    name: cisco_ios_bootcfg
                    prompt: '^[\\w.\\-()/:]{1,63}[>#]\\s?$'
                    login: {commands: [terminal length 0]}
                    backup: {commands: [show running-config], endMarker: '^end$', startup: [show boot-config]}
                    errors: ['^% Invalid input']
                    """);
            FetchResult r = fetch(farm, "r1", profile);
            assertEquals(Status.OK, r.status(), r.error().orElse("") + r.trace());
            assertEquals(farm.config("r1"), r.output(), "the running config, whole");
            assertEquals(Optional.empty(), r.startup());
            assertTrue(r.trace().stream().anyMatch(t -> t.step().equals("startup config not read")
                    && t.detail().contains("show boot-config")), r.trace().toString());
        }
    }

    @Test
    void aSimulatedIosAnswersShowStartupConfigWithWhatWasLastSaved() throws Exception {
        try (DeviceFarm farm = DeviceFarm.start(dir, List.of(FarmFixture.device("r2", "cisco_ios", 3_000, Fault.NONE)))) {
            String saved = farm.config("r2");
            farm.setConfig("r2", saved.replace("\nend", "\nbanner motd ^unsaved-marker-42^\nend"));
            FetchResult r = fetch(farm, "r2", io.cfgvault.config.Profiles.builtin().require("cisco_ios"));
            assertEquals(Status.OK, r.status(), r.error().orElse(""));
            String startup = r.startup().orElseThrow();
            assertTrue(startup.startsWith("Using ") && !startup.contains("unsaved-marker-42"), "the saved config, not the running one: " + startup.substring(0, Math.min(300, startup.length())));
            assertTrue(r.output().contains("unsaved-marker-42"));
        }
    }

    @Test
    void startupCommandsNeedAShellSession() {
        var e = assertThrows(IllegalArgumentException.class, () -> FarmFixture.variant("""
                name: exec_startup
                mode: exec
                backup: {commands: [cat /etc/config], startup: [cat /etc/boot]}
                """));
        assertTrue(e.getMessage().contains("backup.startup"), e.getMessage());
    }
}
