package io.cfgvault.jobs;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import io.cfgvault.store.DeviceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lines added and removed between two configs, for change events (counts only, never content). */
public record LineDiff(int added, int removed) {
    public static final LineDiff NONE = new LineDiff(0, 0);

    public static LineDiff between(String before, String after) {
        var patch = DiffUtils.diff(lines(before), lines(after));
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            added += d.getTarget().size();
            removed += d.getSource().size();
        }
        return new LineDiff(added, removed);
    }

    /** Diff against the config inside a stored device document. */
    static LineDiff between(InputStream previousDocument, String after) {
        try (previousDocument) {
            String before = DeviceDocument.parse(new String(previousDocument.readAllBytes(), StandardCharsets.UTF_8)).config();
            return between(before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\n", -1));
    }
}
