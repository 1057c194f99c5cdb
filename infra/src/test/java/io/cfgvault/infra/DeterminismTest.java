package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The same inputs synthesize the same template: no timestamps, random ids or map-order effects. */
class DeterminismTest {

    @Test
    void twoSynthsGiveIdenticalTemplates() {
        String first = Json.text(Synth.central().template().toJSON());
        String second = Json.text(Synth.fresh(Synth.CENTRAL).template().toJSON());
        assertEquals(first, second);
    }
}
