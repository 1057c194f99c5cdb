package io.cfgvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NormaliseProperties {
    private static final PlatformProfile IOS = Profiles.builtin().require("cisco_ios");

    @Property(tries = 200)
    void volatileLinesNeverChangeTheNormalisedCopy(@ForAll("configLines") List<String> lines,
                                                   @ForAll("volatileLines") List<String> noise,
                                                   @ForAll long seed) {
        List<String> noisy = new ArrayList<>(lines);
        java.util.Random r = new java.util.Random(seed);
        for (String n : noise) {
            noisy.add(noisy.isEmpty() ? 0 : r.nextInt(noisy.size() + 1), n);
        }
        String clean = String.join("\n", lines) + "\n";
        String withNoise = String.join("\n", noisy) + "\n";
        assertEquals(IOS.normalise(clean), IOS.normalise(withNoise));
        assertEquals(IOS.normalise(clean), IOS.normalise(IOS.normalise(clean)), "idempotent");
    }

    @Provide
    Arbitrary<List<String>> configLines() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdefghij klmnop0123456789./-!").ofMaxLength(60)
                        .filter(s -> !s.startsWith("ntp clock-period") && !s.startsWith("Building configuration")
                                && !s.startsWith("! Last configuration change at") && !s.startsWith("! NVRAM")
                                && !s.startsWith("Current configuration :")),
                Arbitraries.of("interface Gi1/0/1", " description uplink", "!", "end", "hostname r1", "\tcomment\t"));
        return line.list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> volatileLines() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 23).map(h -> "! Last configuration change at " + h + ":01:02 UTC Mon Nov 23 2026 by admin"),
                Arbitraries.longs().greaterOrEqual(0).map(n -> "ntp clock-period " + n),
                Arbitraries.integers().between(1, 9_999_999).map(n -> "Current configuration : " + n + " bytes"),
                Arbitraries.just("Building configuration..."),
                Arbitraries.just("! NVRAM config last updated at 12:00:01 UTC Mon Nov 23 2026 by admin")).list().ofMaxSize(6);
    }
}
