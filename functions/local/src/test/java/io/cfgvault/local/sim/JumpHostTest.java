package io.cfgvault.local.sim;

import static io.cfgvault.local.sim.FarmFixture.PASSWORD;
import static io.cfgvault.local.sim.FarmFixture.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.Options;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.FetchResult.Status;
import io.cfgvault.ssh.Hop;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices reached through one or two simulated bastions (direct-tcpip, as {@code ssh -J}), and what breaks there. */
class JumpHostTest {
    static final String HOP1_PASSWORD = "hop1-S3cret!";
    static final String HOP2_PASSWORD = "hop2-S3cret!";
    @TempDir
    static Path dir;
    static DeviceFarm farm;
    static Bastion outer;
    static Bastion inner;

    @BeforeAll
    static void start() throws Exception {
        farm = DeviceFarm.start(dir, List.of(FarmFixture.device("core-1", "cisco_ios", 8_000, Fault.NONE)));
        outer = Bastion.start("jump", HOP1_PASSWORD);
        inner = Bastion.start("jump2", HOP2_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        inner.close();
        outer.close();
        farm.close();
    }

    static Hop hop1(String pinned) {
        return new Hop("dmz", outer.host(), outer.port(), "jump-creds", Credentials.password("jump", HOP1_PASSWORD), Optional.ofNullable(pinned));
    }

    static Hop hop2(String pinned) {
        return new Hop("core-bastion", inner.host(), inner.port(), "jump2-creds", Credentials.password("jump2", HOP2_PASSWORD),
                Optional.ofNullable(pinned));
    }

    static FetchResult fetch(Device device, List<Hop> hops, int attempts) {
        var profile = Profiles.builtin().require("cisco_ios");
        // generous limits: the first fetch of a test JVM on a busy machine may take seconds to connect
        var request = new FetchRequest(device, Credentials.password(USER, PASSWORD), profile, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), attempts).through(hops);
        return FarmFixture.FETCHER.fetch(request);
    }

    static Device core1() {
        return FarmFixture.inventory(farm, "core-1", "cisco_ios", Map.of(), farm.hostKey("core-1"));
    }

    static void assertNoSecret(FetchResult r) {
        String text = r.error().orElse("") + r.trace();
        for (String secret : List.of(PASSWORD, HOP1_PASSWORD, HOP2_PASSWORD)) {
            assertFalse(text.contains(secret), "a password leaked: " + text);
        }
    }

    @Test
    void configIsFetchedThroughTwoChainedJumpHosts() {
        int before1 = outer.forwarded().size();
        int before2 = inner.forwarded().size();
        FetchResult r = fetch(core1(), List.of(hop1(outer.hostKey()), hop2(inner.hostKey())), 1);
        assertEquals(Status.OK, r.status(), r.error().orElse("") + r.trace());
        assertTrue(r.output().contains("hostname core-1"), "the device's own config came back");
        assertEquals(List.of(inner.host() + ":" + inner.port()), outer.forwarded().subList(before1, outer.forwarded().size()),
                "the first jump host opened the way to the second");
        assertEquals(List.of(farm.host() + ":" + farm.port("core-1")), inner.forwarded().subList(before2, inner.forwarded().size()),
                "the second jump host opened the way to the device");
        assertTrue(r.trace().stream().anyMatch(t -> t.step().equals("jump host") && t.detail().contains("'core-bastion'")), r.trace().toString());
    }

    @Test
    void jumpHostWhoseKeyChangedIsRefusedByName() {
        int before = inner.forwarded().size();
        // the inner bastion presents a key other than the one pinned for it (here: the outer one's)
        FetchResult r = fetch(core1(), List.of(hop1(outer.hostKey()), hop2(outer.hostKey())), 3);
        assertEquals(Status.HOST_KEY_CHANGED, r.status());
        String error = r.error().orElseThrow();
        assertTrue(error.startsWith("host key of jump host 'core-bastion' (127.0.0.1:" + inner.port() + ") changed"), error);
        assertTrue(error.contains("on the way to core-1"), error);
        assertEquals(1, r.attempts(), "a changed key is never retried");
        assertEquals(before, inner.forwarded().size(), "nothing went through the impostor");
        assertFalse(error.contains("\n"));
        assertNoSecret(r);
    }

    @Test
    void jumpHostWithoutPinnedKeyIsNotTrustedOnFirstUse() {
        FetchResult r = fetch(core1(), List.of(hop1(null)), 1);
        assertEquals(Status.HOST_KEY_CHANGED, r.status());
        String error = r.error().orElseThrow();
        assertTrue(error.contains("jump host 'dmz'") && error.contains("has no pinned host key") && error.contains("jump.dmz.hostKey"), error);
        assertTrue(error.contains(io.cfgvault.local.sim.JumpHostTest.fingerprint(outer.hostKey())), error);
    }

    @Test
    void unreachableJumpHostGivesOneLineNamingTheHopAndTheDevice() throws Exception {
        int closed;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var gone = new Hop("dmz", "127.0.0.1", closed, "jump-creds", Credentials.password("jump", HOP1_PASSWORD), Optional.of(outer.hostKey()));
        FetchResult r = fetch(core1(), List.of(gone, hop2(inner.hostKey())), 1);
        assertEquals(Status.UNREACHABLE, r.status());
        String error = r.error().orElseThrow();
        assertTrue(error.startsWith("connection to jump host 'dmz' (127.0.0.1:" + closed + ") refused, on the way to core-1"), error);
        assertFalse(error.contains("\n"));
        assertNoSecret(r);
    }

    @Test
    void deviceTheLastJumpHostCannotReachIsNamedWithThatHop() throws Exception {
        int closed;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Device moved = new Device("core-1", farm.host(), closed, "cisco_ios", "sim", "lab", "lab", true,
                Optional.of(farm.hostKey("core-1")), Map.of());
        FetchResult r = fetch(moved, List.of(hop1(outer.hostKey()), hop2(inner.hostKey())), 1);
        assertEquals(Status.UNREACHABLE, r.status());
        String error = r.error().orElseThrow();
        assertTrue(error.startsWith("jump host 'core-bastion' could not open a connection to core-1 (127.0.0.1:" + closed + ")"), error);
        assertFalse(error.contains("\n"));
    }

    @Test
    void wrongJumpHostPasswordFailsAuthenticationThereWithoutLeakingIt() {
        var wrong = new Hop("dmz", outer.host(), outer.port(), "jump-creds", Credentials.password("jump", HOP2_PASSWORD),
                Optional.of(outer.hostKey()));
        FetchResult r = fetch(core1(), List.of(wrong), 3);
        assertEquals(Status.AUTH_FAILED, r.status());
        assertEquals(1, r.attempts());
        String error = r.error().orElseThrow();
        assertTrue(error.startsWith("authentication failed for user 'jump' on jump host 'dmz' (credentials 'jump-creds'), on the way to core-1"), error);
        assertNoSecret(r);
    }

    @Test
    void deviceOptionNamesTheChainAndNoneCancelsIt() {
        assertEquals(List.of("dmz", "core-bastion"), Options.resolve(Map.of(), Map.of("jump", "dmz, core-bastion"), null, null, null).jumps());
        assertEquals(List.of(), Options.resolve(Map.of("jump", "none"), Map.of("jump", "dmz"), null, null, null).jumps());
    }

    static String fingerprint(String key) {
        try {
            byte[] blob = java.util.Base64.getDecoder().decode(key.split(" ")[1]);
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
