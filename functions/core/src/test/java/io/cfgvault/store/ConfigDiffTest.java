package io.cfgvault.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    @Test
    void changedLineCountsAsOneAddedAndOneRemovedAndShowsInTheUnifiedDiff() {
        var diff = ConfigDiff.between("hostname a\n description uplink\nend\n", "hostname a\n description core\nend\n");
        assertEquals(1, diff.added());
        assertEquals(1, diff.removed());
        assertEquals(1, diff.changes());
        assertEquals(new ConfigDiff.Change(2, " description uplink", " description core"), diff.first().orElseThrow());
        assertTrue(diff.unified("a@1", "a@2").startsWith("--- a@1\n+++ a@2\n@@ -1,4 +1,4 @@\n hostname a\n- description uplink\n"),
                diff.unified("a@1", "a@2"));
    }

    @Test
    void equalConfigsHaveNoChangesAndAnEmptyUnifiedDiff() {
        var diff = ConfigDiff.of(List.of("a", "b"), List.of("a", "b"));
        assertTrue(diff.isEmpty());
        assertEquals("", diff.unified("x", "y"));
        assertEquals(0, diff.added() + diff.removed());
    }

    @Test
    void versionStampsRoundTripAndOnlyStampsAreVersions() {
        Instant t = Instant.parse("2026-11-23T13:00:00Z");
        assertEquals("20261123T130000Z", BackupHistory.version(t));
        assertEquals(t, BackupHistory.parseVersion("20261123T130000Z"));
        assertTrue(BackupHistory.isVersion("20261123T130000Z"));
        assertTrue(!BackupHistory.isVersion("latest") && !BackupHistory.isVersion("../20261123T130000Z"));
    }
}
