package io.cfgvault.inventory.source;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Oxidized's {@code router.db}: one device a line, fields split by a separator ({@code :} by default), which field
 * is which given by a field map ({@code name=0,model=1} by default, as Oxidized's own default). Mapped fields:
 * name, model (an Oxidized model, mapped to a profile), ip, group, port. Usernames and passwords in the file are
 * never imported: devices take the credentials reference given to the import. Lines starting with {@code #} and
 * blank lines are skipped, as Oxidized does.
 */
public final class RouterDbSource implements InventorySource {
    public static final String SOURCE = "oxidized";
    public static final Map<String, Integer> DEFAULT_MAP = Map.of("name", 0, "model", 1);
    private static final java.util.Set<String> FIELDS = java.util.Set.of("name", "model", "ip", "group", "port", "username", "password");

    private final String file;
    private final String text;
    private final String separator;
    private final Map<String, Integer> map;
    private final PlatformMap platforms;

    public RouterDbSource(String file, String text, String separator, Map<String, Integer> map, PlatformMap platforms) {
        this.file = file;
        this.text = text;
        this.separator = separator == null || separator.isEmpty() ? ":" : separator;
        this.map = map == null || map.isEmpty() ? DEFAULT_MAP : Map.copyOf(map);
        this.platforms = platforms;
        for (String field : this.map.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InventorySourceException("router.db field map: unknown field '" + field + "'; expected " + new TreeSet<>(FIELDS));
            }
        }
        if (!this.map.containsKey("name") || !this.map.containsKey("model")) {
            throw new InventorySourceException("router.db field map must give 'name' and 'model' (e.g. name=0,model=1)");
        }
    }

    /** Parses {@code name=0,model=1,ip=2} as Oxidized's {@code source.csv.map}. */
    public static Map<String, Integer> parseMap(String spec) {
        var out = new LinkedHashMap<String, Integer>();
        if (spec == null || spec.isBlank()) {
            return DEFAULT_MAP;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new InventorySourceException("router.db field map: '" + part.trim() + "' is not field=index (e.g. name=0,model=1,ip=2)");
            }
            try {
                int index = Integer.parseInt(kv[1].trim());
                if (index < 0) {
                    throw new NumberFormatException();
                }
                out.put(kv[0].trim(), index);
            } catch (NumberFormatException e) {
                throw new InventorySourceException("router.db field map: index of '" + kv[0].trim() + "' must be 0 or more, got '" + kv[1].trim() + "'");
            }
        }
        return out;
    }

    @Override
    public SourceRead read() {
        var format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setQuote(null).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setRecordSeparator("\n").get();
        var rows = new Rows(file);
        var devices = new ArrayList<SourceDevice>();
        var problems = new ArrayList<SourceRead.Problem>();
        int needed = map.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() < needed) {
                    throw rows.bad(line, field(record.size()), "the line has " + record.size() + " fields split by '" + separator
                            + "', but the field map needs " + needed);
                }
                String name = rows.name(line, "name", get(record, "name"));
                String model = rows.required(line, "model", get(record, "model"), "the model");
                String host = Rows.optional(get(record, "ip")).orElse(name);
                Optional<Integer> port = rows.port(line, "port", get(record, "port"));
                Optional<String> platform = platforms.forOxidizedModel(model);
                if (platform.isEmpty()) {
                    problems.add(new SourceRead.Problem(name, "unknown Oxidized model '" + model + "' (line " + line
                            + "); map it with configuration key " + PlatformMap.OXIDIZED_PREFIX + model.toLowerCase(java.util.Locale.ROOT)));
                    continue;
                }
                devices.add(new SourceDevice(name, host, port, platform.get(), "", Rows.optional(get(record, "group")).orElse(""),
                        Optional.empty(), true, Optional.empty()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new InventorySourceException(file + ": not readable: " + e.getMessage().lines().findFirst().orElse("")
                    + " (nothing was imported)");
        }
        return new SourceRead(SOURCE, devices, problems);
    }

    private String get(CSVRecord record, String field) {
        Integer index = map.get(field);
        return index == null || index >= record.size() ? null : record.get(index);
    }

    private String field(int index) {
        return map.entrySet().stream().filter(e -> e.getValue() >= index).map(Map.Entry::getKey).sorted().findFirst().orElse("?");
    }
}
