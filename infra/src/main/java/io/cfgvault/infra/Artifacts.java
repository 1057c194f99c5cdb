package io.cfgvault.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two zips that {@code layers/dependencies} builds: the thin function code and the dependency layer.
 * Paths resolve against the repository root, found by walking up from the working directory, so that
 * {@code cdk} (run in {@code infra/}), Maven tests and {@code scripts/deploy} agree.
 */
public record Artifacts(Path functionsZip, Path layerZip) {
    static final String FUNCTIONS_ZIP = "layers/dependencies/target/cfgvault-functions.zip";
    static final String LAYER_ZIP = "layers/dependencies/target/cfgvault-layer.zip";

    /** Locates both zips or fails with the command that builds them. */
    public static Artifacts locate() {
        return locateUnder(repositoryRoot(Path.of("").toAbsolutePath()));
    }

    static Artifacts locateUnder(Path root) {
        Artifacts artifacts = new Artifacts(root.resolve(FUNCTIONS_ZIP), root.resolve(LAYER_ZIP));
        for (Path zip : new Path[] {artifacts.functionsZip, artifacts.layerZip}) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("cfgvault: Lambda artifact " + zip + " is missing. Build it first: "
                        + "(cd " + root + " && ./mvnw -q package -DskipTests), then synthesize again.");
            }
        }
        return artifacts;
    }

    static Path repositoryRoot(Path start) {
        String override = System.getenv("CFGVAULT_REPO_ROOT");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("layers/dependencies/pom.xml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cfgvault: cannot find the repository root (the directory holding mvnw and "
                + "layers/dependencies) above " + start + ". Run the CDK app from inside the cfgvault checkout, "
                + "or set CFGVAULT_REPO_ROOT.");
    }
}
