package io.cfgvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformProfileTest {
    private final PlatformProfile ios = Profiles.builtin().require("cisco_ios");

    private static final String IOS_CONFIG = """
            Building configuration...

            Current configuration : 1234 bytes
            !
            ! Last configuration change at 13:02:11 UTC Mon Nov 23 2026 by admin
            ! NVRAM config last updated at 12:00:01 UTC Mon Nov 23 2026 by admin
            !
            version 17.9
            hostname core-sw-01
            ntp clock-period 36028797018963968
            snmp-server community s3cr3t RO
            enable secret 9 $9$abcdefgh
            interface GigabitEthernet1/0/1
             description uplink ! not a comment
            !
            end
            """;

    @Test
    void normaliseDropsCiscoVolatileLines() {
        String n = ios.normalise(IOS_CONFIG);
        assertFalse(n.contains("Last configuration change"));
        assertFalse(n.contains("NVRAM config last updated"));
        assertFalse(n.contains("ntp clock-period"));
        assertFalse(n.contains("Building configuration"));
        assertFalse(n.contains("Current configuration :"));
        assertTrue(n.contains("hostname core-sw-01\n"));
        assertTrue(n.contains(" description uplink ! not a comment\n"));
        assertTrue(n.endsWith("end\n"));
    }

    @Test
    void configsThatDifferOnlyInVolatileLinesNormaliseEqually() {
        String later = IOS_CONFIG.replace("13:02:11", "14:55:00").replace("1234 bytes", "1240 bytes")
                .replace("36028797018963968", "36028797018963970");
        assertEquals(ios.normalise(IOS_CONFIG), ios.normalise(later));
        assertFalse(ios.normalise(IOS_CONFIG).equals(ios.normalise(IOS_CONFIG.replace("core-sw-01", "core-sw-02"))));
    }

    @Test
    void normaliseTreatsCrLfLikeLf() {
        assertEquals(ios.normalise(IOS_CONFIG), ios.normalise(IOS_CONFIG.replace("\n", "\r\n")));
    }

    @Test
    void completeConfigHasNoIncompleteReason() {
        assertEquals(Optional.empty(), ios.incompleteReason(IOS_CONFIG));
        assertEquals(Optional.empty(), ios.incompleteReason(IOS_CONFIG + "\n\n"));
    }

    @Test
    void invalidInputIsReportedWithPatternAndLineNotContent() {
        String out = "show running-config\n        ^\n% Invalid input detected at '^' marker.\n";
        Optional<String> reason = ios.incompleteReason(out);
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("line 3"), reason.get());
        assertTrue(reason.get().contains("% Invalid input"), reason.get());
        assertFalse(reason.get().contains("marker."), reason.get());
    }

    @Test
    void lineStartErrorIsFoundOnlyAtTheStartOfALine() {
        String config = IOS_CONFIG.repeat(50);
        assertEquals(Optional.empty(), ios.errorReason(config));
        assertEquals(Optional.empty(), ios.errorReason(config + "banner motd ^C % Invalid input here is banner text ^C\n"));
        String failed = config + "% Invalid input detected at '^' marker.\r\n" + config;
        assertTrue(ios.errorReason(failed).orElseThrow().contains("line " + (config.split("\n").length + 1)),
                ios.errorReason(failed).orElseThrow());
        assertTrue(ios.errorReason("last\r% Unknown command or computer name\n").isPresent(),
                "a lone CR starts a line for a ^ pattern, as it did when the whole text was searched");
        assertTrue(ios.errorReason("% Invalid input").isPresent(), "last line without a newline");
    }

    @Test
    void errorPatternsWithoutLineAnchorAreSearchedAlongEachLine() {
        PlatformProfile mixed = Profiles.parse("""
                name: mixed
                mode: exec
                backup:
                  commands: [show config]
                errors: ['^% Invalid', 'denied$', '^Error|failed', '^(a|b)x']
                """, "mixed.yaml");
        assertEquals(Optional.empty(), mixed.errorReason("hostname r1\naccess denied for now\nlinked ax\n"));
        assertTrue(mixed.errorReason("hostname r1\naccess denied\n").orElseThrow().contains("'denied$'"));
        assertTrue(mixed.errorReason("hostname r1\ncommit failed: busy\n").orElseThrow().contains("line 2"));
        assertTrue(mixed.errorReason("hostname r1\nbx\n").orElseThrow().contains("'^(a|b)x'"));
    }

    @Test
    void onlyRegexesThatBeginWithACaretAndHaveNoTopLevelAlternativeAreLineStartOnly() {
        assertTrue(PlatformProfile.lineStartOnly("^% Invalid input"));
        assertTrue(PlatformProfile.lineStartOnly("^(a|b)x"));
        assertTrue(PlatformProfile.lineStartOnly("^[|]x"));
        assertTrue(PlatformProfile.lineStartOnly("^[]|]x"));
        assertTrue(PlatformProfile.lineStartOnly("^a\\|b"));
        assertTrue(PlatformProfile.lineStartOnly("^\\Qa|b\\E"));
        assertFalse(PlatformProfile.lineStartOnly("^a|b"));
        assertFalse(PlatformProfile.lineStartOnly("^(a)|b"));
        assertFalse(PlatformProfile.lineStartOnly("^[a]|b"));
        assertFalse(PlatformProfile.lineStartOnly("^\\Qa\\E|b"));
        assertFalse(PlatformProfile.lineStartOnly("Permission denied"));
        assertFalse(PlatformProfile.lineStartOnly("(?i)^error"));
    }

    @Test
    void permissionDeniedIsAnError() {
        assertTrue(ios.incompleteReason("Permission denied\n").orElseThrow().contains("Permission denied"));
    }

    @Test
    void missingEndMarkerIsReportedWithoutQuotingConfig() {
        String cut = IOS_CONFIG.substring(0, IOS_CONFIG.indexOf("interface"));
        Optional<String> reason = ios.incompleteReason(cut);
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("end marker"), reason.get());
        assertFalse(reason.get().contains("enable secret"), reason.get());
    }

    @Test
    void emptyOutputIsIncomplete() {
        assertTrue(ios.incompleteReason("").isPresent());
        assertTrue(ios.incompleteReason("\n \n").isPresent());
    }

    @Test
    void secretsAreMaskedOnlyWhereTheProfileSays() {
        String masked = ios.maskSecrets(IOS_CONFIG);
        assertTrue(masked.contains("snmp-server community <secret> RO"), masked);
        assertTrue(masked.contains("enable secret 9 <secret>\n"), masked);
        assertFalse(masked.contains("s3cr3t"));
        assertTrue(masked.contains("hostname core-sw-01"));
    }

    @Test
    void junosConfigEndsWithTopLevelBraceAndDropsCommitStamp() {
        PlatformProfile junos = Profiles.builtin().require("juniper_junos");
        String cfg = "## Last commit: 2026-11-23 13:00:00 UTC by admin\nversion 20.4R3.8;\nsystem {\n    host-name r1;\n}\n";
        assertEquals(Optional.empty(), junos.incompleteReason(cfg));
        assertTrue(junos.incompleteReason(cfg.substring(0, cfg.length() - 2)).isPresent());
        assertFalse(junos.normalise(cfg).contains("Last commit"));
        String secret = "    encrypted-password \"$6$abc$def\"; ## SECRET-DATA\n";
        assertEquals("    encrypted-password \"<secret>\"; ## SECRET-DATA\n", junos.maskSecrets(secret));
    }

    @Test
    void junosRoutingEngineStateLinesAreArtefactsNotConfig() {
        PlatformProfile junos = Profiles.builtin().require("juniper_junos");
        String out = "version 20.4R3.8;\nsystem {\n    host-name r1;\n}\n{master:0}\n";
        assertEquals("version 20.4R3.8;\nsystem {\n    host-name r1;\n}\n", junos.dropArtefacts(out));
        assertEquals("x\n", junos.dropArtefacts("{primary:node0}\nx\n"));
        assertEquals(out, ios.dropArtefacts(out));
    }

    @Test
    void profileWithoutEndMarkerOnlyChecksErrors() {
        PlatformProfile nxos = Profiles.builtin().require("cisco_nxos");
        assertEquals(Optional.empty(), nxos.incompleteReason("hostname n9k\ninterface Ethernet1/1\n"));
        assertTrue(nxos.incompleteReason("% Invalid command at '^' marker.\n").isPresent());
    }
}
