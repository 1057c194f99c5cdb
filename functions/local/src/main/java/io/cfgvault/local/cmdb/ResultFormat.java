package io.cfgvault.local.cmdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How {@code cfgvault cmdb} prints rows: an aligned table for people, CSV or JSON for tools. */
public enum ResultFormat {
    TABLE, CSV, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(QueryResult result) {
        return switch (this) {
            case TABLE -> table(result);
            case CSV -> csv(result);
            case JSON -> json(result);
        };
    }

    /** Columns padded to their widest value, numbers right-aligned, NULL spelled out, a row count last. */
    private static String table(QueryResult r) {
        int n = r.columns().size();
        var cells = new ArrayList<List<String>>();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            final int i = c;
            width[i] = r.columns().get(i).length();
            numeric[i] = r.rows().stream().anyMatch(row -> row.get(i) instanceof Number);
        }
        for (List<Object> row : r.rows()) {
            var line = new ArrayList<String>(n);
            for (int i = 0; i < n; i++) {
                Object v = row.get(i);
                String text = v == null ? "NULL" : text(v).replace("\n", "\\n");
                numeric[i] &= v == null || v instanceof Number;
                width[i] = Math.max(width[i], text.length());
                line.add(text);
            }
            cells.add(line);
        }
        var out = new StringBuilder();
        appendLine(out, r.columns(), width, new boolean[n]);
        out.append(java.util.Arrays.stream(width).mapToObj("-"::repeat).collect(Collectors.joining("-+-"))).append('\n');
        for (List<String> line : cells) {
            appendLine(out, line, width, numeric);
        }
        out.append('(').append(r.rows().size()).append(r.rows().size() == 1 ? " row)" : " rows)").append('\n');
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> values, int[] width, boolean[] right) {
        var line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(" | ");
            }
            String v = values.get(i);
            String pad = " ".repeat(width[i] - v.length());
            line.append(right[i] ? pad + v : v + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** RFC 4180: a header line, fields quoted when they hold a comma, quote or line break; NULL is an empty field. */
    private static String csv(QueryResult r) {
        var out = new StringBuilder();
        out.append(r.columns().stream().map(ResultFormat::csvField).collect(Collectors.joining(","))).append("\r\n");
        for (List<Object> row : r.rows()) {
            out.append(row.stream().map(v -> v == null ? "" : csvField(text(v))).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** An array of objects keyed by column name, numbers and booleans typed, NULL as null. */
    private static String json(QueryResult r) {
        var list = new ArrayList<Map<String, Object>>();
        for (List<Object> row : r.rows()) {
            var m = new LinkedHashMap<String, Object>();
            for (int i = 0; i < r.columns().size(); i++) {
                m.put(r.columns().get(i), row.get(i));
            }
            list.add(m);
        }
        try {
            return MAPPER.writeValueAsString(list) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return new ObjectMapper().writeValueAsString(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.valueOf(v);
    }
}
