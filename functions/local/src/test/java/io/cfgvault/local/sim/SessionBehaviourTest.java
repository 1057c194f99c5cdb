package io.cfgvault.local.sim;

import static io.cfgvault.local.sim.FarmFixture.PASSWORD;
import static io.cfgvault.local.sim.FarmFixture.USER;
import static io.cfgvault.local.sim.FarmFixture.device;
import static io.cfgvault.local.sim.FarmFixture.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.FetchResult.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shell and exec session handling, authentication and host keys against the simulated farm. */
class SessionBehaviourTest {
    @TempDir
    static Path state;
    static DeviceFarm farm;
    static KeyPair clientKey;
    static String clientPrivateKey;

    @BeforeAll
    static void startFarm() throws Exception {
        clientKey = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        ByteArrayOutputStream prv = new ByteArrayOutputStream();
        clientKey.writePrivateKey(prv, "key-Pa55phrase".getBytes(StandardCharsets.UTF_8));
        clientPrivateKey = prv.toString(StandardCharsets.US_ASCII);
        String pub = new String(clientKey.getPublicKeyBlob() == null ? new byte[0] : publicLine(clientKey), StandardCharsets.US_ASCII);
        farm = DeviceFarm.start(state, List.of(
                device("r1", "cisco_ios", 40_000, Fault.NONE),
                device("r1-junos", "juniper_junos", 40_000, Fault.NONE),
                device("big", "cisco_ios", 1_000_000, Fault.NONE),
                device("keyed", "arista_eos", 10_000, Fault.NONE).withAuthorizedKey(pub),
                device("user-mode", "cisco_ios", 10_000, Fault.NONE).withEnableSecret("en-S3cret"),
                device("rekeyed", "cisco_ios", 5_000, Fault.NONE)));
    }

    @AfterAll
    static void stopFarm() {
        farm.close();
    }

    private static byte[] publicLine(KeyPair k) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        k.writePublicKey(out, "test");
        return out.toByteArray();
    }

    @Test
    void loginBannerWithPromptCharactersIsNotTakenForThePrompt() {
        FetchResult r = fetch(farm, "r1", "cisco_ios");
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(farm.config("r1"), r.output());
        assertFalse(r.output().contains("Authorised access"));
    }

    @Test
    void pagerIsAnsweredAndItsEraseSequenceRemovedWhenPagingIsNotSwitchedOff() {
        PlatformProfile noPagingOff = FarmFixture.variant("""
                name: cisco_ios_pager
                prompt: '^[\\w.\\-()/:]{1,63}[>#]\\s?$'
                pager: {pattern: ' ?--More-- ?$', answer: ' '}
                backup: {commands: [show running-config], endMarker: '^end$'}
                """);
        FetchResult r = fetch(farm, "r1", noPagingOff, Map.of(), null);
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(farm.config("r1"), r.output());
        assertTrue(r.trace().stream().anyMatch(s -> s.step().equals("pager answered")), r.trace().toString());
    }

    @Test
    void junosPagerPromptAndREStateLineAreHandled() {
        PlatformProfile junosWithPager = FarmFixture.variant("""
                name: junos_pager
                prompt: '^[\\w.\\-]+@[\\w.\\-]+[>#%]\\s?$'
                pager: {pattern: '---\\(more( \\d+%)?\\)---\\s*$', answer: ' '}
                backup: {commands: [show configuration], endMarker: '^\\}$', artefactLines: ['^\\{master:0\\}$']}
                """);
        FetchResult paged = fetch(farm, "r1-junos", junosWithPager, Map.of(), null);
        assertEquals(Status.OK, paged.status(), paged.error().orElse(""));
        assertEquals(farm.config("r1-junos"), paged.output());
        FetchResult builtin = fetch(farm, "r1-junos", "juniper_junos");
        assertEquals(farm.config("r1-junos"), builtin.output());
    }

    @Test
    void execModeReturnsTheSameConfigAsTheShell() {
        FetchResult r = fetch(farm, "r1", FaultModesTest.exec("cisco_ios"), Map.of(), null);
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(farm.config("r1"), r.output());
    }

    @Test
    void oneMegabyteConfigIsFetchedByteExactInShellAndExecMode() {
        String expected = farm.config("big");
        assertTrue(expected.length() > 1_000_000);
        FetchResult shell = fetch(farm, "big", "cisco_ios");
        assertEquals(Status.OK, shell.status(), shell.error().orElse(""));
        assertEquals(expected, shell.output());
        FetchResult exec = fetch(farm, "big", FaultModesTest.exec("cisco_ios"), Map.of(), null);
        assertEquals(expected, exec.output());
    }

    @Test
    void tabsTrailingSpacesNonAsciiControlCharsAndLongLinesComeBackByteExact() {
        String awkward = "Building configuration...\n\nhostname r1\n"
                + "banner motd ^C\n\tTabbed line\t\n  trailing spaces   \n"
                + "Grüße aus Zürich – 東京 – emoji 🛰\n"
                + "bell\u0007 soh\u0001 del\u007f us\u001f\n"
                + "description " + "x".repeat(10_000) + "\n"
                + "^C\n!\n\n\nend\n";
        String original = farm.config("r1");
        try {
            farm.setConfig("r1", awkward);
            FetchResult shell = fetch(farm, "r1", "cisco_ios");
            assertEquals(Status.OK, shell.status(), shell.error().orElse(""));
            assertEquals(awkward, shell.output());
            FetchResult exec = fetch(farm, "r1", FaultModesTest.exec("cisco_ios"), Map.of(), null);
            assertEquals(awkward, exec.output());
        } finally {
            farm.setConfig("r1", original);
        }
    }

    @Test
    void privateKeyWithPassphraseAuthenticatesWithoutAPassword() {
        var creds = new Credentials(USER, Optional.empty(), Optional.of(clientPrivateKey), Optional.of("key-Pa55phrase"), Optional.empty());
        var d = FarmFixture.inventory(farm, "keyed", "arista_eos", Map.of(), null);
        FetchResult r = FarmFixture.FETCHER.fetch(FarmFixture.request(d, Profiles.builtin().require("arista_eos"), creds));
        assertEquals(Status.OK, r.status(), r.error().orElse(""));
        assertEquals(farm.config("keyed"), r.output());
    }

    @Test
    void privateKeyCanBeGivenAsAFilePath(@TempDir Path dir) throws Exception {
        Path keyFile = java.nio.file.Files.writeString(dir.resolve("id_ecdsa"), clientPrivateKey);
        var creds = new Credentials(USER, Optional.empty(), Optional.of(keyFile.toString()), Optional.of("key-Pa55phrase"), Optional.empty());
        var d = FarmFixture.inventory(farm, "keyed", "arista_eos", Map.of(), null);
        for (int i = 0; i < 2; i++) {   // the second fetch reuses the decrypted key
            FetchResult r = FarmFixture.FETCHER.fetch(FarmFixture.request(d, Profiles.builtin().require("arista_eos"), creds));
            assertEquals(Status.OK, r.status(), r.error().orElse(""));
        }
    }

    @Test
    void wrongKeyPassphraseIsAnAuthFailureThatDoesNotShowIt() {
        var creds = new Credentials(USER, Optional.empty(), Optional.of(clientPrivateKey), Optional.of("not-it-9876"), Optional.empty());
        var d = FarmFixture.inventory(farm, "keyed", "arista_eos", Map.of(), null);
        FetchResult r = FarmFixture.FETCHER.fetch(FarmFixture.request(d, Profiles.builtin().require("arista_eos"), creds));
        assertEquals(Status.AUTH_FAILED, r.status());
        assertFalse(r.error().orElseThrow().contains("not-it-9876"));
    }

    @Test
    void keyboardInteractiveLoginWorksWhenPasswordAuthIsRefused() {
        farm.setKeyboardInteractiveOnly("r1", true);
        try {
            FetchResult r = fetch(farm, "r1", "cisco_ios");
            assertEquals(Status.OK, r.status(), r.error().orElse(""));
            assertEquals(farm.config("r1"), r.output());
        } finally {
            farm.setKeyboardInteractiveOnly("r1", false);
        }
    }

    @Test
    void enableModeIsEnteredWithTheEnableSecret() {
        var d = FarmFixture.inventory(farm, "user-mode", "cisco_ios", Map.of(), null);
        PlatformProfile ios = Profiles.builtin().require("cisco_ios");
        var withSecret = new Credentials(USER, Optional.of(PASSWORD), Optional.empty(), Optional.empty(), Optional.of("en-S3cret"));
        FetchResult ok = FarmFixture.FETCHER.fetch(FarmFixture.request(d, ios, withSecret));
        assertEquals(Status.OK, ok.status(), ok.error().orElse(""));
        assertEquals(farm.config("user-mode"), ok.output());

        var wrong = new Credentials(USER, Optional.of(PASSWORD), Optional.empty(), Optional.empty(), Optional.of("guess-1234"));
        FetchResult bad = FarmFixture.FETCHER.fetch(FarmFixture.request(d, ios, wrong));
        assertEquals(Status.AUTH_FAILED, bad.status());
        assertFalse(bad.error().orElseThrow().contains("guess-1234"));

        FetchResult none = FarmFixture.FETCHER.fetch(FarmFixture.request(d, ios, Credentials.password(USER, PASSWORD)));
        assertEquals(Status.AUTH_FAILED, none.status());
        assertTrue(none.error().orElseThrow().contains("enable secret"), none.error().orElseThrow());
    }

    @Test
    void changedHostKeyFailsNamingBothFingerprintsUntilReTrusted() throws Exception {
        FetchResult first = fetch(farm, "rekeyed", "cisco_ios");
        String pinned = first.hostKey().orElseThrow();
        assertEquals(farm.hostKey("rekeyed"), pinned);
        assertEquals(Status.OK, fetch(farm, "rekeyed", Profiles.builtin().require("cisco_ios"), Map.of(), pinned).status());

        farm.rotateHostKey("rekeyed");
        String presented = farm.hostKey("rekeyed");
        FetchResult changed = fetch(farm, "rekeyed", Profiles.builtin().require("cisco_ios"), Map.of(), pinned);
        assertEquals(Status.HOST_KEY_CHANGED, changed.status());
        String e = changed.error().orElseThrow();
        assertTrue(e.contains(fingerprint(pinned)), e);
        assertTrue(e.contains(fingerprint(presented)), e);
        assertTrue(e.contains("re-trust"), e);
        assertEquals(1, changed.attempts());
        assertEquals("", changed.output());

        FetchResult retrusted = fetch(farm, "rekeyed", Profiles.builtin().require("cisco_ios"), Map.of(), presented);
        assertEquals(Status.OK, retrusted.status());
    }

    @Test
    void hostKeysSurviveAFarmRestart(@TempDir Path dir) throws Exception {
        String before;
        try (DeviceFarm f = DeviceFarm.start(dir, List.of(device("stable", "cisco_ios", 2_000, Fault.NONE)))) {
            before = f.hostKey("stable");
        }
        try (DeviceFarm f = DeviceFarm.start(dir, List.of(device("stable", "cisco_ios", 2_000, Fault.NONE)))) {
            assertEquals(before, f.hostKey("stable"));
            FetchResult r = fetch(f, "stable", Profiles.builtin().require("cisco_ios"), Map.of(), before);
            assertEquals(Status.OK, r.status(), r.error().orElse(""));
        }
    }

    @Test
    void configChangesBetweenRunsShowInTheNormalisedCopyButVolatileLinesDoNot() {
        PlatformProfile ios = Profiles.builtin().require("cisco_ios");
        String original = farm.config("r1");
        try {
            FetchResult a = fetch(farm, "r1", "cisco_ios");
            farm.setConfig("r1", SimConfigs.generate("cisco_ios", "r1", 40_000, 42));   // same body, new timestamps
            FetchResult b = fetch(farm, "r1", "cisco_ios");
            assertNotEquals(a.output(), b.output());
            assertEquals(ios.normalise(a.output()), ios.normalise(b.output()));
            farm.setConfig("r1", b.output().replace("hostname r1", "hostname r1-renamed"));
            FetchResult c = fetch(farm, "r1", "cisco_ios");
            assertNotEquals(ios.normalise(b.output()), ios.normalise(c.output()));
        } finally {
            farm.setConfig("r1", original);
        }
    }

    @Test
    void traceListsStepsWithoutDeviceOutputOrSecrets() {
        FetchResult r = fetch(farm, "r1", "cisco_ios");
        List<String> steps = r.trace().stream().map(FetchResult.TraceStep::step).toList();
        assertTrue(steps.containsAll(List.of("connect", "connected", "authenticated", "command sent", "bytes received")), steps.toString());
        String all = r.trace().toString();
        assertFalse(all.contains("hostname"), all);
        assertFalse(all.contains("snmp-server"), all);
        assertFalse(all.contains(PASSWORD), all);
    }

    static String fingerprint(String key) throws Exception {
        byte[] blob = Base64.getDecoder().decode(key.split(" ")[1]);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }
}
