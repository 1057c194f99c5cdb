package io.cfgvault.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The saved CMDB queries shipped in {@code cmdb/queries/<name>.sql}: the same files run locally by
 * {@code cfgvault cmdb --run NAME} and deployed as Athena named queries. A file's first {@code --} line
 * describes it.
 */
public final class SavedQueries {
    public static final String RESOURCE = "/cmdb/queries";

    /** One saved query. */
    public record Query(String name, String description, String sql) {}

    private SavedQueries() {}

    public static List<Query> all() {
        try {
            URI uri = SavedQueries.class.getResource(RESOURCE).toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(fs.getPath(RESOURCE));
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    return read(FileSystems.getFileSystem(uri).getPath(RESOURCE));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException | FileSystemNotFoundException e) {
            throw new IllegalStateException(RESOURCE + " is missing from the build", e);
        }
    }

    public static Optional<Query> find(String name) {
        return all().stream().filter(q -> q.name().equals(name)).findFirst();
    }

    private static List<Query> read(Path dir) throws IOException {
        var byName = new TreeMap<String, Query>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                String sql = Files.readString(f, StandardCharsets.UTF_8).strip();
                String name = f.getFileName().toString().replaceFirst("\\.sql$", "");
                String description = sql.lines().findFirst().filter(l -> l.startsWith("--"))
                        .map(l -> l.substring(2).strip()).orElse(name);
                byName.put(name, new Query(name, description, sql));
            }
        }
        return List.copyOf(byName.values());
    }
}
