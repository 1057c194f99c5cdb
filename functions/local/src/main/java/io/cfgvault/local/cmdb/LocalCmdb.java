package io.cfgvault.local.cmdb;

import io.cfgvault.metadata.Datasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CMDB on a laptop: an in-memory DuckDB with one view per dataset over the JSON files under a bucket's
 * {@code metadata/} prefix (the embedded bucket is plain files), hive-partitioned, named and typed like the
 * Athena tables. After the views exist the engine is locked: file access only under {@code metadata/}, no
 * extensions, no configuration changes, so a query cannot read {@code /etc/passwd} or write anywhere.
 * DuckDB is loaded only when this class is first used, so commands that never query never pay for it.
 */
public final class LocalCmdb implements CmdbEngine {
    private static final Pattern HIVE_MAP = Pattern.compile("map<(.+?),(.+)>");
    private static final Pattern HIVE_ARRAY = Pattern.compile("array<(.+)>");

    private final Connection connection;
    private final Path metadata;

    /** Opens the engine over {@code <bucketDir>/metadata/}, which may not exist yet (every view is then empty). */
    public LocalCmdb(Path bucketDir) {
        this.metadata = bucketDir.toAbsolutePath().normalize().resolve("metadata");
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = connection.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                // Athena (Trino) functions the saved queries use, so one SQL text runs in both engines.
                s.execute("CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)");
                s.execute("CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)");
                Datasets schema = Datasets.defined();
                for (Datasets.Dataset d : schema.datasets()) {
                    s.execute(view(schema, d));
                }
                s.execute("SET temp_directory = ''");
                s.execute("SET allowed_directories = [" + literal(metadata + "/") + "]");
                s.execute("SET enable_external_access = false");
                s.execute("SET lock_configuration = true");
            }
        } catch (SQLException e) {
            throw new CmdbException("local CMDB engine did not start: " + e.getMessage(), e);
        }
    }

    /** The directory the views read. */
    public Path metadataDir() {
        return metadata;
    }

    /** Whether any dataset has a file yet. */
    public boolean hasData() {
        return hasFiles(metadata);
    }

    @Override
    public QueryResult query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            var md = r.getMetaData();
            var columns = new ArrayList<String>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i));
            }
            var rows = new ArrayList<List<Object>>();
            while (r.next()) {
                var row = new ArrayList<Object>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(plain(r.getObject(i)));
                }
                rows.add(row);
            }
            return new QueryResult(columns, rows);
        } catch (SQLException e) {
            String message = e.getMessage().strip();
            if (message.startsWith("Permission Error")) {
                message = "refused: cmdb reads only the metadata datasets under " + metadata + "\n" + message;
            }
            throw new CmdbException(message, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing an in-memory database loses nothing.
        }
    }

    /**
     * {@code CREATE VIEW <dataset>}: the declared fields, lower-cased like the Glue columns, then the partition
     * columns, as Athena's {@code SELECT *} orders them. A dataset without files is an empty view of the same shape.
     */
    private String view(Datasets schema, Datasets.Dataset d) {
        List<String> partitions = schema.partitionColumns(d);
        var select = new StringJoiner(", ");
        for (Datasets.Field f : d.fields()) {
            select.add(quote(f.name()) + " AS " + quote(f.column()));
        }
        partitions.forEach(p -> select.add(quote(p)));
        Path dir = metadata.resolve(d.name());
        if (!hasFiles(dir)) {
            var empty = new StringJoiner(", ");
            d.fields().forEach(f -> empty.add("CAST(NULL AS " + duckType(f.type()) + ") AS " + quote(f.column())));
            partitions.forEach(p -> empty.add("CAST(NULL AS VARCHAR) AS " + quote(p)));
            return "CREATE VIEW " + quote(d.name()) + " AS SELECT " + empty + " WHERE false";
        }
        var glob = new StringBuilder(dir.toString());
        for (String p : partitions) {
            glob.append('/').append(p).append("=*");
        }
        glob.append('/').append(d.file().replaceAll("<[^>]+>", "*"));
        var columns = new StringJoiner(", ");
        d.fields().forEach(f -> columns.add(literal(f.name()) + ": " + literal(duckType(f.type()))));
        var hiveTypes = new StringJoiner(", ");
        partitions.forEach(p -> hiveTypes.add(literal(p) + ": 'VARCHAR'"));
        return "CREATE VIEW " + quote(d.name()) + " AS SELECT " + select + " FROM read_json(" + literal(glob.toString())
                + ", format = 'newline_delimited', hive_partitioning = true, hive_types = {" + hiveTypes + "}"
                + ", columns = {" + columns + "}, ignore_errors = true)";
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hive column type (as in datasets.json and Glue) to DuckDB's. */
    static String duckType(String hive) {
        String t = hive.strip().toLowerCase(Locale.ROOT);
        Matcher map = HIVE_MAP.matcher(t);
        if (map.matches()) {
            return "MAP(" + duckType(map.group(1)) + ", " + duckType(map.group(2)) + ")";
        }
        Matcher array = HIVE_ARRAY.matcher(t);
        if (array.matches()) {
            return duckType(array.group(1)) + "[]";
        }
        return switch (t) {
            case "string" -> "VARCHAR";
            case "bigint" -> "BIGINT";
            case "int" -> "INTEGER";
            case "double" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "timestamp" -> "TIMESTAMP";
            default -> throw new IllegalArgumentException("no DuckDB type for Hive type '" + hive + "' (datasets.json)");
        };
    }

    /** JDBC values to the engine-neutral ones of {@link QueryResult}. */
    private static Object plain(Object v) throws SQLException {
        if (v instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue(); // DuckDB's sum() and count_if() are HUGEINT; Athena's are bigint
        }
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double || v instanceof BigDecimal || v instanceof BigInteger) {
            return v instanceof Integer i ? Long.valueOf(i) : v;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            for (var e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (v instanceof java.sql.Array a) {
            var out = new ArrayList<Object>();
            for (Object o : (Object[]) a.getArray()) {
                out.add(plain(o));
            }
            return out;
        }
        return v.toString();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
