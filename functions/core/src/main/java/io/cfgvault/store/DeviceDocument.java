package io.cfgvault.store;

import io.cfgvault.yaml.YamlEvents;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A stored device backup (DESIGN.md): header fields, then the raw config byte-exact. The config is written as
 * a literal block whenever YAML can carry it unchanged (tabs and trailing spaces included), else double-quoted
 * with escapes; either way a YAML reader gets back exactly the same string.
 */
public record DeviceDocument(String device, String host, String platform, String model, String group,
                             Instant fetchedAt, List<String> commands, String sha256, long bytes, String config) {

    public String toYaml() {
        var header = new StringWriter();
        try (var yaml = new YamlEvents(header)) {
            yaml.startMap(false)
                    .field("device", device).field("host", host).field("platform", platform)
                    .field("model", model).field("group", group)
                    .string("fetchedAt").raw(fetchedAt.toString())
                    .string("commands").startList(true);
            commands.forEach(yaml::string);
            yaml.endList().field("sha256", sha256).string("bytes").raw(Long.toString(bytes));
            if (!literalSafe(config)) {
                // SnakeYAML would write some multi-line strings plain (e.g. one starting "(:\n"), which reads back wrong
                yaml.string("config").quoted(config);
            }
            yaml.endMap();
        }
        String head = header.toString();
        if (!literalSafe(config)) {
            return head;
        }
        var out = new StringBuilder(head.length() + config.length() + config.length() / 20 + 32).append(head);
        appendLiteral(out, config);
        return out.toString();
    }

    /**
     * Literal blocks keep every character except line-break look-alikes, non-printables and a BOM; an explicit
     * indentation indicator keeps leading spaces, and the chomping indicator keeps the exact trailing newlines.
     */
    static boolean literalSafe(String s) {
        if (s.isBlank()) {
            return false; // a block of only empty lines reads back as "" under clip chomping
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean printable = c == '\t' || c == '\n' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || Character.isSurrogate(c);
            if (!printable || c == 0x85 || c == 0x2028 || c == 0x2029) {
                return false;
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                return false;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return false;
            }
        }
        return true;
    }

    private static void appendLiteral(StringBuilder out, String config) {
        int trailing = 0;
        for (int i = config.length() - 1; i >= 0 && config.charAt(i) == '\n'; i--) {
            trailing++;
        }
        String chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+";
        out.append("config: |2").append(chomp).append('\n');
        String body = config.substring(0, config.length() - trailing);
        int start = 0;
        while (start <= body.length()) {
            int nl = body.indexOf('\n', start);
            int end = nl < 0 ? body.length() : nl;
            if (end > start) {
                out.append("  ").append(body, start, end);
            }
            out.append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        // with "+" chomping, each extra trailing newline is an empty line of the block
        out.append("\n".repeat(Math.max(0, trailing - 1)));
    }

    @SuppressWarnings("unchecked")
    public static DeviceDocument parse(String yamlText) {
        var options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        Map<String, Object> m = new Yaml(new SafeConstructor(options)).load(new StringReader(yamlText));
        Object fetched = m.get("fetchedAt");
        Instant at = fetched instanceof java.util.Date d ? d.toInstant() : Instant.parse(String.valueOf(fetched));
        return new DeviceDocument(str(m, "device"), str(m, "host"), str(m, "platform"), str(m, "model"), str(m, "group"),
                at, ((List<Object>) m.getOrDefault("commands", List.of())).stream().map(String::valueOf).toList(),
                str(m, "sha256"), ((Number) m.getOrDefault("bytes", 0)).longValue(), m.get("config") == null ? "" : (String) m.get("config"));
    }

    /**
     * Reads a stored copy of {@code device}'s document, or says what is damaged about it: not YAML, not a device
     * document, another device's, or a config whose size differs from the recorded {@code bytes} (truncated or
     * altered after it was written).
     */
    public static DeviceDocument verified(byte[] stored, String device) {
        DeviceDocument doc;
        try {
            doc = parse(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new DamagedCopyException("it is not a readable device document (" + e.getClass().getSimpleName() + ")");
        }
        if (!doc.device().equals(device)) {
            throw new DamagedCopyException("it is the document of device '" + doc.device() + "'");
        }
        if (doc.sha256().isEmpty()) {
            throw new DamagedCopyException("it has no sha256");
        }
        long actual = doc.config().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (actual != doc.bytes()) {
            throw new DamagedCopyException("its config has " + actual + " bytes but the document records " + doc.bytes());
        }
        return doc;
    }

    /** A stored device document that no longer reads as what was written. */
    public static final class DamagedCopyException extends RuntimeException {
        public DamagedCopyException(String problem) {
            super(problem, null, false, false);
        }
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
