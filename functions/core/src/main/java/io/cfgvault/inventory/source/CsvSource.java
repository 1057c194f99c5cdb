package io.cfgvault.inventory.source;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row: {@code name,host,platform} required, {@code port,model,group,credentials,enabled}
 * optional, in any order. The platform cell is a profile name or a platform slug the {@link PlatformMap} knows.
 * A malformed row fails the whole file, naming line and column.
 */
public final class CsvSource implements InventorySource {
    public static final String SOURCE = "csv";
    static final Set<String> REQUIRED = Set.of("name", "host", "platform");
    static final Set<String> COLUMNS = Set.of("name", "host", "port", "platform", "model", "group", "credentials", "enabled");

    private final String file;
    private final String text;
    private final PlatformMap platforms;

    public CsvSource(String file, String text, PlatformMap platforms) {
        this.file = file;
        this.text = text;
        this.platforms = platforms;
    }

    @Override
    public SourceRead read() {
        var format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        var rows = new Rows(file);
        var devices = new ArrayList<SourceDevice>();
        var problems = new ArrayList<SourceRead.Problem>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text), format)) {
            Map<String, Integer> header = checkHeader(parser.getHeaderMap());
            long line = 1;
            for (CSVRecord record : parser) {
                line = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new InventorySourceException(file + ": line " + line + ": " + record.size() + " columns, but the header has "
                            + header.size() + " (nothing was imported)");
                }
                String name = rows.name(line, "name", record.get("name"));
                String host = rows.required(line, "host", record.get("host"), "the host");
                String rawPlatform = rows.required(line, "platform", record.get("platform"), "the platform");
                Optional<Integer> port = header.containsKey("port") ? rows.port(line, "port", record.get("port")) : Optional.empty();
                boolean enabled = !header.containsKey("enabled") || rows.enabled(line, "enabled", record.get("enabled"));
                Optional<String> platform = platforms.forName(rawPlatform);
                if (platform.isEmpty()) {
                    problems.add(new SourceRead.Problem(name, "unknown platform '" + rawPlatform + "' (line " + line
                            + "); known profiles: " + new TreeSet<>(platforms.profiles())));
                    continue;
                }
                devices.add(new SourceDevice(name, host, port, platform.get(), cell(record, header, "model"),
                        cell(record, header, "group"), Rows.optional(cell(record, header, "credentials")), enabled, Optional.empty()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv reports unbalanced quotes and the like with its own position text
            throw new InventorySourceException(file + ": not valid CSV: " + e.getMessage().lines().findFirst().orElse("")
                    + " (nothing was imported)");
        }
        return new SourceRead(SOURCE, devices, problems);
    }

    private Map<String, Integer> checkHeader(Map<String, Integer> header) {
        if (header == null || header.isEmpty()) {
            throw new InventorySourceException(file + ": line 1: no header row; expected columns " + new TreeSet<>(COLUMNS)
                    + " with " + new TreeSet<>(REQUIRED) + " required (nothing was imported)");
        }
        for (String column : header.keySet()) {
            if (!COLUMNS.contains(column)) {
                throw new InventorySourceException(file + ": line 1, column '" + column + "': unknown column; expected "
                        + new TreeSet<>(COLUMNS) + " (nothing was imported)");
            }
        }
        for (String column : new TreeSet<>(REQUIRED)) {
            if (!header.containsKey(column)) {
                throw new InventorySourceException(file + ": line 1: column '" + column + "' is missing; required are "
                        + new TreeSet<>(REQUIRED) + " (nothing was imported)");
            }
        }
        return header;
    }

    private static String cell(CSVRecord record, Map<String, Integer> header, String column) {
        return header.containsKey(column) ? record.get(column).trim() : "";
    }
}
