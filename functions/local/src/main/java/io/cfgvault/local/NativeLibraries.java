package io.cfgvault.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * DynamoDB Local stores tables in SQLite through sqlite4java, whose native library Maven cannot put on the
 * classpath as a jar. The build copies it into this module's resources ({@code native/}); here it is
 * unpacked next to the data and announced to sqlite4java.
 */
final class NativeLibraries {
    private NativeLibraries() {}

    static void prepareSqlite(Path dataDir) throws IOException {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        String name = "libsqlite4java-linux-amd64.so";
        Path dir = dataDir.resolve("native");
        Files.createDirectories(dir);
        try (InputStream in = NativeLibraries.class.getResourceAsStream("/native/" + name)) {
            if (in == null) {
                throw new IOException("native SQLite library " + name + " is missing from the build; "
                        + "the embedded environment runs on linux-amd64");
            }
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        System.setProperty("sqlite4java.library.path", dir.toString());
    }
}
