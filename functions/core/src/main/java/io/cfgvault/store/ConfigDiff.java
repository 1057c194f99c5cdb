package io.cfgvault.store;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.List;
import java.util.Optional;

/**
 * The line differences between two configs (java-diff-utils): counts for change events, the first change for
 * messages, and a unified diff for people. The one diff of the code base.
 */
public final class ConfigDiff {
    private static final int CONTEXT_LINES = 3;

    /** One changed place: its line in the first config and the first line on each side ("" when none). */
    public record Change(int line, String before, String after) {}

    private final List<String> before;
    private final Patch<String> patch;
    private final int added;
    private final int removed;

    private ConfigDiff(List<String> before, Patch<String> patch) {
        this.before = before;
        this.patch = patch;
        int a = 0;
        int r = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            a += d.getTarget().size();
            r += d.getSource().size();
        }
        this.added = a;
        this.removed = r;
    }

    /** Diff of two config texts, line by line. */
    public static ConfigDiff between(String before, String after) {
        return of(lines(before), lines(after));
    }

    /** Diff of two lists of lines (e.g. only the significant lines of two configs). */
    public static ConfigDiff of(List<String> before, List<String> after) {
        return new ConfigDiff(before, DiffUtils.diff(before, after));
    }

    public int added() {
        return added;
    }

    public int removed() {
        return removed;
    }

    /** Number of changed places. */
    public int changes() {
        return patch.getDeltas().size();
    }

    public boolean isEmpty() {
        return patch.getDeltas().isEmpty();
    }

    public Optional<Change> first() {
        if (isEmpty()) {
            return Optional.empty();
        }
        AbstractDelta<String> d = patch.getDeltas().get(0);
        List<String> source = d.getSource().getLines();
        List<String> target = d.getTarget().getLines();
        return Optional.of(new Change(d.getSource().getPosition() + 1, source.isEmpty() ? "" : source.get(0),
                target.isEmpty() ? "" : target.get(0)));
    }

    /** Unified diff with three lines of context, lines joined by newlines (no trailing one); "" when equal. */
    public String unified(String beforeLabel, String afterLabel) {
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(beforeLabel, afterLabel, before, patch, CONTEXT_LINES));
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
    }
}
