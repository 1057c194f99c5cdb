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
 * The built-in profiles that {@code RecordedSessionsTest} does not cover (NX-OS, EOS, FortiOS, PAN-OS, VRP), each
 * on a session written from the vendor's CLI documentation: banner, prompt, the paging commands' answers, the
 * config command's output (with a pager page where the platform keeps one), and an error. Each fails if the
 * profile's prompt, paging, echo removal, end-of-config check or error patterns are wrong for that platform.
 */
class BuiltinProfilesReplayTest {
    static final Path REPLAY = Path.of("src/test/resources/replay");
    static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path state;

    record Replayed(FetchResult result, List<String> problems) {}

    Replayed replay(String platform, String transcript) throws Exception {
        PlatformProfile profile = Profiles.builtin().require(platform);
        ReplayScript script = ReplayScript.read(REPLAY.resolve(platform).resolve(transcript));
        try (ReplayDevice device = ReplayDevice.start(script, state)) {
            var d = new Device("replayed", device.host(), device.port(), platform, "m", "g", "c", true, Optional.empty(), Map.of());
            FetchResult r = new JschConfigFetcher().fetch(new FetchRequest(d, Credentials.password(script.user(), script.password()),
                    profile, Duration.ofSeconds(5), LIMIT, LIMIT, 1));
            return new Replayed(r, device.problems());
        }
    }

    static void assertStored(String platform, String file, Replayed r) throws Exception {
        assertEquals(Status.OK, r.result().status(), r.result().error().orElse("") + " " + r.problems());
        assertEquals(List.of(), r.problems(), "the session went as the device expects");
        assertEquals(Files.readString(REPLAY.resolve(platform).resolve(file)), r.result().output());
    }

    @Test
    void nxosBannerPromptAndConfigWithoutEndLine() throws Exception {
        Replayed r = replay("cisco_nxos", "show-running-config.transcript");
        assertStored("cisco_nxos", "running-config.txt", r);
        assertFalse(r.result().output().contains("nx1#"), "the closing prompt is not part of the config");
    }

    @Test
    void nxosRoleWithoutReadAccessIsACommandErrorNotAnEmptyConfig() throws Exception {
        Replayed r = replay("cisco_nxos", "rbac-denied.transcript");
        assertEquals(Status.COMMAND_ERROR, r.result().status(), r.result().error().orElse(""));
        assertEquals(List.of(), r.problems());
    }

    @Test
    void eosConfirmationsOfTerminalCommandsAreNotConfig() throws Exception {
        Replayed r = replay("arista_eos", "show-running-config.transcript");
        assertStored("arista_eos", "running-config.txt", r);
        assertFalse(r.result().output().contains("Pagination disabled"));
        assertEquals(Files.readString(REPLAY.resolve("arista_eos").resolve("startup-config.txt")), r.result().startup().orElseThrow());
    }

    @Test
    void fortiosMorePagerIsAnsweredAndErased() throws Exception {
        Replayed r = replay("fortinet", "more-pager.transcript");
        assertStored("fortinet", "full-configuration.conf", r);
        assertFalse(r.result().output().contains("More"));
    }

    @Test
    void panosXmlConfigEndsAtTheClosingConfigElement() throws Exception {
        Replayed r = replay("paloalto_panos", "show-config-running.transcript");
        assertStored("paloalto_panos", "config.xml", r);
        assertTrue(r.result().output().strip().endsWith("</config>"));
    }

    @Test
    void vrpMorePagerWithCursorMovesIsAnsweredAndErased() throws Exception {
        Replayed r = replay("huawei_vrp", "display-current-configuration.transcript");
        assertStored("huawei_vrp", "current-configuration.cfg", r);
        assertFalse(r.result().output().contains("More"));
        assertFalse(r.result().output().contains("\u001b"));
    }
}
