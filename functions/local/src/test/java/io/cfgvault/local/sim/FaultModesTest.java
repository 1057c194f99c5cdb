package io.cfgvault.local.sim;

import static io.cfgvault.local.sim.FarmFixture.PASSWORD;
import static io.cfgvault.local.sim.FarmFixture.USER;
import static io.cfgvault.local.sim.FarmFixture.device;
import static io.cfgvault.local.sim.FarmFixture.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.FetchResult.Status;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per fault mode of the simulator, against the real fetcher; limits are 2-3 s to keep the run short. */
class FaultModesTest {
    @TempDir
    static Path state;
    static DeviceFarm farm;
    static final long SLACK_MILLIS = 5_000;

    @BeforeAll
    static void startFarm() throws Exception {
        farm = DeviceFarm.start(state, List.of(
                device("ok-ios", "cisco_ios", 30_000, Fault.NONE),
                device("ok-junos", "juniper_junos", 30_000, Fault.NONE),
                device("ok-eos", "arista_eos", 30_000, Fault.NONE),
                device("hang", "cisco_ios", 5_000, Fault.HANG_AFTER_LOGIN),
                device("slow", "cisco_ios", 5_000, Fault.SLOW_OUTPUT),
                device("cut", "cisco_ios", 60_000, Fault.CUT_MID_CONFIG),
                device("invalid", "cisco_ios", 5_000, Fault.INVALID_INPUT),
                device("wrong-password", "cisco_ios", 5_000, Fault.WRONG_PASSWORD),
                device("legacy", "cisco_ios", 20_000, Fault.LEGACY_ALGORITHMS_ONLY)));
    }

    @AfterAll
    static void stopFarm() {
        farm.close();
    }

    @Test
    void everyFaultIsReportedWhileHealthyDevicesInTheSameParallelRunSucceed() throws Exception {
        Map<String, String> platform = new LinkedHashMap<>();
        for (String name : List.of("ok-ios", "hang", "slow", "cut", "invalid", "wrong-password", "legacy")) {
            platform.put(name, "cisco_ios");
        }
        platform.put("ok-junos", "juniper_junos");
        platform.put("ok-eos", "arista_eos");
        ExecutorService pool = Executors.newFixedThreadPool(platform.size());
        try {
            Map<String, Future<FetchResult>> futures = new LinkedHashMap<>();
            platform.forEach((name, p) -> futures.put(name, pool.submit(() -> fetch(farm, name, p))));
            Map<String, Status> got = new LinkedHashMap<>();
            for (var e : futures.entrySet()) {
                got.put(e.getKey(), e.getValue().get().status());
            }
            assertEquals(Status.OK, got.get("ok-ios"), got.toString());
            assertEquals(Status.OK, got.get("ok-junos"), got.toString());
            assertEquals(Status.OK, got.get("ok-eos"), got.toString());
            assertEquals(Status.TIMEOUT, got.get("hang"), got.toString());
            assertEquals(Status.TIMEOUT, got.get("slow"), got.toString());
            assertEquals(Status.TRUNCATED, got.get("cut"), got.toString());
            assertEquals(Status.COMMAND_ERROR, got.get("invalid"), got.toString());
            assertEquals(Status.AUTH_FAILED, got.get("wrong-password"), got.toString());
            assertEquals(Status.FAILED, got.get("legacy"), got.toString());
            assertEquals(farm.config("ok-ios"), futures.get("ok-ios").get().output());
            assertEquals(farm.config("ok-junos"), futures.get("ok-junos").get().output());
            assertEquals(farm.config("ok-eos"), futures.get("ok-eos").get().output());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deviceThatHangsAfterLoginIsCutOffAtItsLimit() {
        long t0 = System.nanoTime();
        FetchResult r = fetch(farm, "hang", "cisco_ios");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Status.TIMEOUT, r.status(), r.error().orElse(""));
        assertTrue(r.error().orElseThrow().contains("cut off"), r.error().orElseThrow());
        assertTrue(took < FarmFixture.WALL.toMillis() + SLACK_MILLIS, "took " + took + " ms");
    }

    @Test
    void deviceThatHangsIsCutOffAtTheWallLimitEvenWithALongIdleTimeout() {
        PlatformProfile ios = Profiles.builtin().require("cisco_ios");
        var d = FarmFixture.inventory(farm, "hang", "cisco_ios", Map.of(), null);
        var req = new FetchRequest(d, Credentials.password(USER, PASSWORD), ios, Duration.ofSeconds(3),
                Duration.ofSeconds(60), Duration.ofSeconds(2), 3);
        long t0 = System.nanoTime();
        FetchResult r = FarmFixture.FETCHER.fetch(req);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Status.TIMEOUT, r.status());
        assertTrue(r.error().orElseThrow().contains("wall-clock limit of 2s"), r.error().orElseThrow());
        assertTrue(took < 2_000 + SLACK_MILLIS, "took " + took + " ms");
    }

    @Test
    void deviceThatTricklesOutputForeverIsCutOffAtTheWallLimit() {
        long t0 = System.nanoTime();
        FetchResult r = fetch(farm, "slow", "cisco_ios");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Status.TIMEOUT, r.status());
        assertTrue(r.error().orElseThrow().contains("wall-clock limit"), r.error().orElseThrow());
        assertFalse(r.output().isEmpty(), "the trickled part is kept for diagnosis");
        assertTrue(took < FarmFixture.WALL.toMillis() + SLACK_MILLIS, "took " + took + " ms");
    }

    @Test
    void sessionClosedMidConfigIsTruncatedWithThePartialOutput() {
        FetchResult r = fetch(farm, "cut", "cisco_ios");
        assertEquals(Status.TRUNCATED, r.status(), r.error().orElse(""));
        assertTrue(r.error().orElseThrow().contains("session closed"), r.error().orElseThrow() + r.trace());
        assertTrue(r.output().startsWith("Building configuration..."), r.error() + " " + r.trace());
        assertTrue(r.output().length() < farm.config("cut").length());
        assertTrue(r.output().length() > farm.config("cut").length() / 3, "partial output kept");
    }

    @Test
    void sessionClosedMidConfigInExecModeIsTruncatedToo() {
        FetchResult r = fetch(farm, "cut", exec("cisco_ios"), Map.of(), null);
        assertEquals(Status.TRUNCATED, r.status(), r.error().orElse(""));
        assertTrue(farm.config("cut").startsWith(r.output().substring(0, 1000)));
    }

    @Test
    void invalidInputIsACommandError() {
        FetchResult r = fetch(farm, "invalid", "cisco_ios");
        assertEquals(Status.COMMAND_ERROR, r.status());
        assertTrue(r.error().orElseThrow().contains("% Invalid input"), r.error().orElseThrow());
    }

    @Test
    void invalidInputOnAnExecChannelIsACommandErrorNamingThePattern() {
        FetchResult r = fetch(farm, "invalid", exec("cisco_ios"), Map.of(), null);
        assertEquals(Status.COMMAND_ERROR, r.status());
        assertTrue(r.error().orElseThrow().contains("% Invalid input"), r.error().orElseThrow());
    }

    @Test
    void wrongPasswordFailsOnceWithoutRetryAndWithoutLeakingThePassword() {
        FetchResult r = fetch(farm, "wrong-password", "cisco_ios");
        assertEquals(Status.AUTH_FAILED, r.status());
        assertEquals(1, r.attempts());
        assertFalse(r.error().orElseThrow().contains(PASSWORD));
        assertFalse(r.trace().toString().contains(PASSWORD));
        assertTrue(r.error().orElseThrow().contains("'" + USER + "'"), r.error().orElseThrow());
    }

    @Test
    void legacyDeviceFailsWithoutAnOverrideAndNamesTheOptionToSet() {
        FetchResult r = fetch(farm, "legacy", "cisco_ios");
        assertEquals(Status.FAILED, r.status());
        String e = r.error().orElseThrow();
        assertTrue(e.contains("kex") && e.contains("+diffie-hellman-group14-sha1"), e);
    }

    @Test
    void legacyDeviceSucceedsWithADeviceOrProfileAlgorithmOverride() {
        Map<String, String> legacy = Map.of("kex", "+diffie-hellman-group14-sha1", "hostKeyAlgorithms", "+ssh-rsa");
        FetchResult r = fetch(farm, "legacy", Profiles.builtin().require("cisco_ios"), legacy, null);
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(farm.config("legacy"), r.output());
        assertTrue(r.hostKey().orElseThrow().startsWith("ssh-rsa "));

        PlatformProfile legacyProfile = FarmFixture.variant("""
                name: cisco_ios_legacy
                prompt: '^[\\w.\\-()/:]{1,63}[>#]\\s?$'
                login: {commands: [terminal length 0]}
                backup: {commands: [show running-config], endMarker: '^end$'}
                options: {kex: '+diffie-hellman-group14-sha1', hostKeyAlgorithms: '+ssh-rsa'}
                """);
        assertEquals(Status.OK, fetch(farm, "legacy", legacyProfile, Map.of(), null).status());
    }

    @Test
    void refusedConnectionIsRetriedWithBackoffThenReportedUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var d = new io.cfgvault.inventory.Device("gone", "127.0.0.1", port, "cisco_ios", "", "", "lab", true,
                java.util.Optional.empty(), Map.of());
        var req = new FetchRequest(d, Credentials.password(USER, PASSWORD), Profiles.builtin().require("cisco_ios"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(6), 3);
        FetchResult r = FarmFixture.FETCHER.fetch(req);
        assertEquals(Status.UNREACHABLE, r.status());
        assertEquals(3, r.attempts(), r.trace().toString());
        assertTrue(r.error().orElseThrow().contains("refused"), r.error().orElseThrow());
        assertTrue(r.trace().stream().anyMatch(s -> s.step().equals("retry")));
    }

    @Test
    void listenerThatNeverSpeaksSshIsRetriedAndCutOffWithinTheWallLimit() throws Exception {
        // the kernel completes the TCP handshake for the backlog; nothing ever answers the SSH banner
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var d = new io.cfgvault.inventory.Device("mute", "127.0.0.1", silent.getLocalPort(), "cisco_ios", "", "", "lab",
                    true, java.util.Optional.empty(), Map.of());
            var req = new FetchRequest(d, Credentials.password(USER, PASSWORD), Profiles.builtin().require("cisco_ios"),
                    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 3);
            long t0 = System.nanoTime();
            FetchResult r = FarmFixture.FETCHER.fetch(req);
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.status() == Status.UNREACHABLE || r.status() == Status.TIMEOUT, r.status() + " " + r.error());
            assertTrue(r.attempts() >= 2, r.trace().toString());
            assertTrue(took < 3_000 + SLACK_MILLIS, "took " + took + " ms");
        }
    }

    static PlatformProfile exec(String builtin) {
        PlatformProfile p = Profiles.builtin().require(builtin);
        List<String> lines = new ArrayList<>();
        lines.add("name: " + builtin + "_exec");
        lines.add("mode: exec");
        lines.add("backup: {commands: " + p.backupCommands() + (p.endMarker().isPresent()
                ? ", endMarker: '" + p.endMarker().get().pattern() + "'" : "") + "}");
        lines.add("errors: ['^% Invalid input']");
        return FarmFixture.variant(String.join("\n", lines) + "\n");
    }
}
