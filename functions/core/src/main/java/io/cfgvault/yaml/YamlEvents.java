package io.cfgvault.yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A streaming YAML writer over SnakeYAML's event emitter. It writes one node at a time (so a table of any
 * size never sits in memory as one string) and lets the caller pick flow or block style per node, which
 * Jackson's generator cannot.
 */
public final class YamlEvents implements AutoCloseable {
    private static final Resolver RESOLVER = new Resolver();
    private static final ImplicitTuple PLAIN_OK = new ImplicitTuple(true, true);
    private static final ImplicitTuple MUST_QUOTE = new ImplicitTuple(false, true);

    private final Emitter emitter;

    public YamlEvents(Writer out) {
        var options = new DumperOptions();
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setIndent(2);
        this.emitter = new Emitter(out, options);
        emit(new StreamStartEvent(null, null));
        emit(new DocumentStartEvent(null, null, false, null, null));
    }

    public YamlEvents startMap(boolean flow) {
        emit(new MappingStartEvent(null, null, true, null, null, flow ? FlowStyle.FLOW : FlowStyle.BLOCK));
        return this;
    }

    public YamlEvents endMap() {
        emit(new MappingEndEvent(null, null));
        return this;
    }

    public YamlEvents startList(boolean flow) {
        emit(new SequenceStartEvent(null, null, true, null, null, flow ? FlowStyle.FLOW : FlowStyle.BLOCK));
        return this;
    }

    public YamlEvents endList() {
        emit(new SequenceEndEvent(null, null));
        return this;
    }

    /** A string scalar; quoted whenever a YAML reader would otherwise take it for a number, bool or null. */
    public YamlEvents string(String value) {
        // SnakeYAML writes "a:\nb" plain, which reads back as a mapping; quote it
        if (needsEscapes(value) || value.contains(":\n")) {
            emit(new ScalarEvent(null, null, MUST_QUOTE, value, null, null, ScalarStyle.DOUBLE_QUOTED));
            return this;
        }
        boolean plainIsString = RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
        emit(new ScalarEvent(null, null, plainIsString ? PLAIN_OK : MUST_QUOTE, value, null, null, ScalarStyle.PLAIN));
        return this;
    }

    /** A string in double quotes with escapes, which every YAML reader gives back unchanged. */
    public YamlEvents quoted(String value) {
        emit(new ScalarEvent(null, null, MUST_QUOTE, value, null, null, ScalarStyle.DOUBLE_QUOTED));
        return this;
    }

    /** A multi-line string in literal block style where YAML allows it (SnakeYAML falls back to quoting). */
    public YamlEvents literal(String value) {
        ScalarStyle style = needsEscapes(value) ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.LITERAL;
        emit(new ScalarEvent(null, null, MUST_QUOTE, value, null, null, style));
        return this;
    }

    /**
     * YAML readers fold or normalise CR, NEL, LS and PS inside plain, single-quoted and block scalars, and
     * SnakeYAML's emitter does not protect them there; only double quotes keep them, as escapes.
     */
    static boolean needsEscapes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /** A scalar written as-is, for booleans and numbers the writer knows to be well-formed. */
    public YamlEvents raw(String value) {
        emit(new ScalarEvent(null, null, PLAIN_OK, value, null, null, ScalarStyle.PLAIN));
        return this;
    }

    public YamlEvents field(String name, String value) {
        return string(name).string(value);
    }

    private void emit(org.yaml.snakeyaml.events.Event event) {
        try {
            emitter.emit(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the document; the underlying writer is flushed but not closed. */
    @Override
    public void close() {
        emit(new DocumentEndEvent(null, null, false));
        emit(new StreamEndEvent(null, null));
    }
}
