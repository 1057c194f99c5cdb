package io.cfgvault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Surefire only runs classes whose file names match its includes; a test class named otherwise compiles and
 * silently never runs. This check reads the includes from the parent pom and fails for any such class in any
 * module, so it fails the build instead.
 */
class EveryTestClassRunsTest {

    private static final Pattern DECLARES_TESTS = Pattern.compile(
            "^\\s*@(Test|Property|Example|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|ArchTest)\\b", Pattern.MULTILINE);
    private static final Pattern INCLUDE = Pattern.compile("<include>([^<]+)</include>");

    @Test
    void everyClassThatDeclaresTestsMatchesSurefireIncludes() throws IOException {
        Path root = repositoryRoot();
        List<PathMatcher> includes = surefireIncludes(root);
        assertFalse(includes.isEmpty(), "no <include> patterns in " + root.resolve("pom.xml"));

        List<Path> testRoots;
        try (Stream<Path> walk = Files.walk(root, 5)) {
            testRoots = walk.filter(p -> p.endsWith(Path.of("src", "test", "java")))
                    .filter(p -> !p.toString().contains("node_modules")).toList();
        }
        assertTrue(testRoots.size() >= 3, "expected the test trees of core, handlers, local and infra, found " + testRoots);

        List<String> skipped = new ArrayList<>();
        for (Path testRoot : testRoots) {
            try (Stream<Path> files = Files.walk(testRoot)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Path relative = testRoot.relativize(file);
                    boolean declaresTests = DECLARES_TESTS.matcher(Files.readString(file)).find();
                    if (declaresTests && includes.stream().noneMatch(m -> m.matches(relative))) {
                        skipped.add(root.relativize(file).toString());
                    }
                }
            }
        }
        assertTrue(skipped.isEmpty(), "test classes surefire would skip (rename them or add an <include> in pom.xml): " + skipped);
    }

    private static List<PathMatcher> surefireIncludes(Path root) throws IOException {
        Matcher m = INCLUDE.matcher(Files.readString(root.resolve("pom.xml")));
        List<PathMatcher> out = new ArrayList<>();
        while (m.find()) {
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + m.group(1).trim()));
        }
        return out;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
}
