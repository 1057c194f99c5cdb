package io.cfgvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @Test
    void everyBuiltinNetmikoNameLoads() {
        Profiles p = Profiles.builtin();
        assertTrue(p.names().containsAll(List.of("cisco_ios", "cisco_nxos", "cisco_asa", "arista_eos", "juniper_junos",
                "mikrotik_routeros", "fortinet", "paloalto_panos", "huawei_vrp", "linux")), p.names().toString());
        for (String name : p.names()) {
            PlatformProfile profile = p.require(name);
            assertEquals(name, profile.name());
            assertTrue(!profile.backupCommands().isEmpty(), name);
        }
        assertEquals(PlatformProfile.Mode.EXEC, p.require("mikrotik_routeros").mode());
        assertEquals(List.of("show running-config"), p.require("cisco_ios").backupCommands());
        assertEquals("configure terminal", p.require("cisco_ios").restore().enter());
    }

    @Test
    void fileInDirectoryAddsANewVendorAndOverridesABuiltin(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ubiquiti_edgeswitch.yaml"), """
                name: ubiquiti_edgeswitch
                mode: shell
                prompt: '^\\(?[\\w.\\-]+\\)? ?[>#]\\s?$'
                login:
                  enable: {command: enable, when: '>\\s?$'}
                  commands: [terminal length 0]
                backup:
                  commands: [show running-config]
                """);
        Files.writeString(dir.resolve("cisco_ios.yml"), """
                name: cisco_ios
                mode: exec
                backup:
                  commands: [show running-config all]
                options: {kex: '+diffie-hellman-group14-sha1', wallLimit: 5m}
                """);
        Profiles p = Profiles.builtin().withDirectory(dir);
        assertTrue(p.find("ubiquiti_edgeswitch").isPresent());
        assertEquals(List.of("show running-config all"), p.require("cisco_ios").backupCommands());
        assertEquals("+diffie-hellman-group14-sha1", p.require("cisco_ios").options().get("kex"));
        // the built-in registry itself is unchanged
        assertEquals(List.of("show running-config"), Profiles.builtin().require("cisco_ios").backupCommands());
    }

    @Test
    void sampleProfileDirectoryAddsUbiquitiEdgeSwitch() {
        Path samples = Path.of("../../samples/profiles");
        Profiles p = Profiles.builtin().withDirectory(samples);
        PlatformProfile edge = p.require("ubiquiti_edgeswitch");
        assertTrue(edge.prompt().matcher("(UBNT EdgeSwitch) >").find());
        assertTrue(edge.enable().orElseThrow().when().matcher("(UBNT EdgeSwitch) >").find());
        assertTrue(edge.normalise("!System Up Time          \"12 days\"\nhostname x\n").equals("hostname x\n"));
        assertEquals("+ssh-rsa", edge.options().get("hostKeyAlgorithms"));
    }

    @Test
    void brokenProfileFailsWithFileAndProblem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: bad\nmode: shell\nprompt: '[unclosed'\nbackup: {commands: [show run]}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Profiles.builtin().withDirectory(dir));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("prompt"), e.getMessage());

        Files.writeString(f, "name: bad\nmode: exec\nbakup: {commands: [show run]}\n");
        e = assertThrows(IllegalArgumentException.class, () -> Profiles.builtin().withDirectory(dir));
        assertTrue(e.getMessage().contains("bakup"), e.getMessage());
    }

    @Test
    void unknownPlatformNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Profiles.builtin().require("cisco_xr"));
        assertTrue(e.getMessage().contains("cisco_ios"), e.getMessage());
    }

    @Test
    void optionsResolveDeviceOverGroupOverModelOverPlatformOverGlobal() {
        Options o = Options.resolve(Map.of("idleTimeout", "5s"), Map.of("idleTimeout", "6s", "wallLimit", "2m"),
                Map.of("maxAttempts", "2", "wallLimit", "3m"), Map.of("connectTimeout", "750ms", "maxAttempts", "4"),
                Map.of("connectTimeout", "20s", "kex", "+diffie-hellman-group14-sha1"));
        assertEquals(Duration.ofSeconds(5), o.idleTimeout());
        assertEquals(Duration.ofMinutes(2), o.wallLimit());
        assertEquals(2, o.maxAttempts());
        assertEquals(Duration.ofMillis(750), o.connectTimeout());
        assertEquals("+diffie-hellman-group14-sha1", o.get("kex").orElseThrow());
        Options defaults = Options.resolve(null, null, null, null, null);
        assertEquals(Options.DEFAULT_WALL_LIMIT, defaults.wallLimit());
        assertEquals(3, defaults.maxAttempts());
    }

    @Test
    void algorithmOptionsAppendRemovePrependOrReplaceLikeOpenSsh() {
        assertEquals("a,b,c", Options.applyAlgorithms("a,b", "+c"));
        assertEquals("a", Options.applyAlgorithms("a,b", "-b"));
        assertEquals("c,a,b", Options.applyAlgorithms("a,b", "^c"));
        assertEquals("c,d", Options.applyAlgorithms("a,b", "c, d"));
        assertEquals("a,b", Options.applyAlgorithms("a,b", ""));
    }

    @Test
    void badDurationNamesTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> Options.parseDuration("idleTimeout", "soon"));
        assertTrue(e.getMessage().contains("idleTimeout"));
        assertEquals(Duration.ofSeconds(30), Options.parseDuration("x", "PT30S"));
        assertEquals(Duration.ofSeconds(12), Options.parseDuration("x", "12"));
    }
}
