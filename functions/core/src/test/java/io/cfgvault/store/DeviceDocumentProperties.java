package io.cfgvault.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Device configs survive the YAML document byte for byte, whatever they contain. */
class DeviceDocumentProperties {

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(40),
                Arbitraries.of("", " ", "\t", "interface Gi1/0/1 ", " description uplink\t", "banner motd ^C", "!", "#", "- x", "key: v",
                        "|", ">", "  indented", "\u00e9t\u00e9 \u4e2d\u6587 \uD83D\uDE00", "\r", "trail\r", "\u0085nel", "\uFEFF", "..."),
                Arbitraries.strings().withCharRange('a', 'z').ofLength(10_000));
        return Combinators.combine(line.list().ofMaxSize(30), Arbitraries.integers().between(0, 3))
                .as((lines, trailing) -> String.join("\n", lines) + "\n".repeat(trailing));
    }

    @Property(tries = 400)
    void configRoundTripsByteExact(@ForAll("configs") String config) {
        var doc = new DeviceDocument("core-sw-01", "10.0.0.1", "cisco_ios", "C9300", "campus",
                Instant.parse("2026-11-23T13:00:00Z"), List.of("show running-config"), "abc", config.length(), config);
        DeviceDocument back = DeviceDocument.parse(doc.toYaml());
        assertEquals(config, back.config());
        assertEquals(doc, back);
    }

    @Example
    void configWithAColonAtALineEndAndAByteOrderMarkRoundTrips() {
        String config = "(:\naab\n\uFEFF";
        var doc = new DeviceDocument("core-sw-01", "10.0.0.1", "cisco_ios", "C9300", "campus",
                Instant.parse("2026-11-23T13:00:00Z"), List.of("show running-config"), "abc", config.length(), config);
        assertEquals(config, DeviceDocument.parse(doc.toYaml()).config());
    }

    @Example
    void ordinaryConfigIsALiteralBlockAPersonCanRead() {
        String config = "hostname core-sw-01\n!\ninterface Gi1/0/1\n description uplink \n shutdown\nend\n";
        String yaml = new DeviceDocument("core-sw-01", "10.0.0.1", "cisco_ios", "C9300", "campus",
                Instant.parse("2026-11-23T13:00:00Z"), List.of("show running-config"), "abc", 63, config).toYaml();
        assertTrue(yaml.startsWith("device: core-sw-01\nhost: 10.0.0.1\nplatform: cisco_ios\n"), yaml);
        assertTrue(yaml.contains("fetchedAt: 2026-11-23T13:00:00Z\ncommands: [show running-config]\n"), yaml);
        assertTrue(yaml.contains("config: |2\n  hostname core-sw-01\n  !\n  interface Gi1/0/1\n   description uplink \n"), yaml);
    }
}
