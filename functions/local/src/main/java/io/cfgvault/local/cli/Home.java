package io.cfgvault.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the installation (the repository checkout) for samples; {@code scripts/cfgvault} passes it. */
final class Home {
    private Home() {}

    static Path dir() {
        String home = System.getProperty("cfgvault.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    static Path samples() {
        Path p = dir().resolve("samples");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("samples directory not found at " + p + "; run through scripts/cfgvault");
        }
        return p;
    }
}
