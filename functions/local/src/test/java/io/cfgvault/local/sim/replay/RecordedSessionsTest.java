package io.cfgvault.local.sim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.FetchResult.Status;
import io.cfgvault.ssh.JschConfigFetcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions of real devices, replayed from transcripts written from the vendors' documentation
 * ({@code src/test/resources/replay/<platform>/}), through the real fetcher and the built-in profiles. The idle
 * timeout is as long as the wall limit: a fetch that waits for silence anywhere fails with a timeout instead of
 * passing slowly.
 */
class RecordedSessionsTest {
    static final Path REPLAY = Path.of("src/test/resources/replay");
    static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path state;

    record Replayed(FetchResult result, List<String> problems) {}

    Replayed replay(String platform, String transcript) throws Exception {
        return replay(Profiles.builtin().require(platform), ReplayScript.read(REPLAY.resolve(platform).resolve(transcript)));
    }

    Replayed replay(PlatformProfile profile, ReplayScript script) throws Exception {
        try (ReplayDevice device = ReplayDevice.start(script, state)) {
            var d = new Device("replayed", device.host(), device.port(), profile.name(), "m", "g", "c", true, Optional.empty(), Map.of());
            FetchResult r = new JschConfigFetcher().fetch(new FetchRequest(d, Credentials.password(script.user(), script.password()),
                    profile, Duration.ofSeconds(5), LIMIT, LIMIT, 1));
            return new Replayed(r, device.problems());
        }
    }

    static String file(String platform, String name) throws Exception {
        return Files.readString(REPLAY.resolve(platform).resolve(name));
    }

    static void assertStored(String expected, Replayed r) {
        assertEquals(Status.OK, r.result().status(), r.result().error().orElse("") + " " + r.problems());
        assertEquals(List.of(), r.problems(), "the session went as the device expects");
        assertEquals(expected, r.result().output());
    }

    @Test
    void aDeviceThatDoesNotEchoIsReadWithoutWaitingForSilenceAndNoLineIsLost() throws Exception {
        assertStored(file("cisco_ios", "running-config.txt"), replay("cisco_ios", "no-echo.transcript"));
    }

    @Test
    void iosStartupConfigIsReadInTheSameSessionAndMatchesTheRunningConfig() throws Exception {
        Replayed r = replay("cisco_ios", "ansi-echo.transcript");
        assertStored(file("cisco_ios", "running-config.txt"), r);
        assertEquals(file("cisco_ios", "startup-config.txt"), r.result().startup().orElseThrow(), "the startup config, echo cut");
        PlatformProfile ios = Profiles.builtin().require("cisco_ios");
        assertEquals(ios.normalise(r.result().output()).strip(), ios.normalise(r.result().startup().get()).strip(),
                "only the headers of the two differ, and normalising drops them");
    }

    @Test
    void anEchoInAnsiColourIsRecognisedAndNotStoredAsConfig() throws Exception {
        Replayed r = replay("cisco_ios", "ansi-echo.transcript");
        assertStored(file("cisco_ios", "running-config.txt"), r);
        assertFalse(r.result().output().contains("\u001b"));
    }

    @Test
    void anEchoWithTheAliasExpandedIsCutAsTheEcho() throws Exception {
        Replayed r = replay("cisco_ios", "alias-echo.transcript");
        assertStored(file("cisco_ios", "running-config.txt"), r);
        assertFalse(r.result().output().contains("view full"));
    }

    @Test
    void aPagerInTheFirstPageIsAnsweredWhenPagingCouldNotBeSwitchedOff() throws Exception {
        Replayed r = replay("cisco_ios", "pager-first-page.transcript");
        assertStored(file("cisco_ios", "pager-first-page.config"), r);
        assertFalse(r.result().output().contains("More"));
    }

    @Test
    void junosWithAPlainHostPromptIsBackedUp() throws Exception {
        assertStored(file("juniper_junos", "configuration.txt"), replay("juniper_junos", "plain-prompt.transcript"));
    }

    @Test
    void aJunosClusterBackupEndsWithTheConfigNotWithABlankLine() throws Exception {
        assertStored(file("juniper_junos", "configuration.txt"), replay("juniper_junos", "cluster.transcript"));
    }

    @Test
    void routerOs7ExportsSensitiveValuesAndStateCommentsAreNotChanges() throws Exception {
        Path transcript = REPLAY.resolve("mikrotik_routeros/v7-export.transcript");
        Replayed r = replay("mikrotik_routeros", "v7-export.transcript");
        assertEquals(Status.OK, r.result().status(), r.result().error().orElse("") + r.problems());
        assertEquals(List.of(), r.problems(), "the profile asks for show-sensitive");
        assertTrue(r.result().output().contains("password=Isp-S3cret"), "the stored copy can restore the PPPoE secret");

        String later = Files.readString(transcript).replace("# 2026-11-30 10:00:01", "# 2026-12-01 10:00:01")
                .replace("# poe-out status: short_circuit", "# poe-out status: powered_on");
        Replayed next = replay(Profiles.builtin().require("mikrotik_routeros"), ReplayScript.parse(later, "later", transcript.getParent()));
        PlatformProfile p = Profiles.builtin().require("mikrotik_routeros");
        assertTrue(!next.result().output().equals(r.result().output()));
        assertEquals(p.normalise(r.result().output()), p.normalise(next.result().output()), "no change detected");
        assertTrue(p.maskSecrets(r.result().output()).contains("password=<secret>"), "backup.maskSecrets still masks it");
    }

    @Test
    void asaIsBackedUpWithItsKeysInClearSoThatARestoreCanSetThem() throws Exception {
        Replayed r = replay("cisco_asa", "more-system-running-config.transcript");
        assertStored(file("cisco_asa", "running-config.txt"), r);
        assertTrue(r.result().output().contains(" ikev1 pre-shared-key Vpn-Psk-Secr3t\n"));
        assertTrue(r.result().output().contains(" key Tacacs-K3y\n"));
    }

    @Test
    void anExecCommandFailingOnlyOnStderrKeepsItsStderrForTheFailedCopy() throws Exception {
        Replayed r = replay("linux", "stderr-only-failure.transcript");
        assertEquals(Status.COMMAND_ERROR, r.result().status());
        assertTrue(r.result().output().contains("cat: /etc/hostname: Permission denied"), r.result().output());
    }

    @Test
    void aTranscriptTheFetcherDoesNotFollowIsReportedLineByLine() throws Exception {
        var script = ReplayScript.parse("""
                ---
                prompt rtr1#
                expect
                out
                prompt rtr1#
                expect terminal length 0
                prompt rtr1#
                expect terminal width 0
                prompt rtr1#
                expect show startup-config
                out end
                prompt rtr1#
                """, "inline");
        Replayed r = replay(Profiles.builtin().require("cisco_ios"), script);
        assertTrue(r.problems().contains("line 10 expects 'show startup-config' but the client sent 'show running-config'"),
                r.problems().toString());
    }
}
