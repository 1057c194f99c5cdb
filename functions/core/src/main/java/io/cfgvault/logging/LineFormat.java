package io.cfgvault.logging;

import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/** The two renderings of a log event: a JSON object on one line, and {@code LEVEL logger: message key=value ...}. */
final class LineFormat {
    private LineFormat() {
    }

    static String json(Instant at, Level level, String logger, String message, List<KeyValuePair> fields, Throwable t) {
        var b = new StringBuilder(128).append('{');
        field(b, "timestamp", at.toString()).append(',');
        field(b, "level", level.name()).append(',');
        field(b, "logger", logger).append(',');
        field(b, "message", message);
        if (fields != null) {
            for (KeyValuePair kv : fields) {
                b.append(',');
                if (kv.value instanceof Number || kv.value instanceof Boolean) {
                    quote(b, kv.key).append(':').append(kv.value);
                } else {
                    field(b, kv.key, String.valueOf(kv.value));
                }
            }
        }
        if (t != null) {
            b.append(',');
            field(b, "exception", t.getClass().getName() + ": " + t.getMessage());
        }
        return b.append('}').toString();
    }

    static String text(Level level, String logger, String message, List<KeyValuePair> fields, Throwable t) {
        var b = new StringBuilder(128).append(level.name()).append(' ').append(shortName(logger)).append(": ").append(message);
        if (fields != null) {
            for (KeyValuePair kv : fields) {
                String v = String.valueOf(kv.value);
                b.append(' ').append(kv.key).append('=');
                if (v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == '"')) {
                    quote(b, v);
                } else {
                    b.append(v);
                }
            }
        }
        if (t != null) {
            b.append(" (").append(t).append(')');
        }
        return b.toString();
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    private static StringBuilder field(StringBuilder b, String key, String value) {
        quote(b, key).append(':');
        return quote(b, value);
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
