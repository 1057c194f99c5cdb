package io.cfgvault.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cfgvault.local.lab.Lab;
import io.cfgvault.settings.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * README.md against the code: every {@code scripts/cfgvault} command it shows must parse with the real command tree,
 * the "First hour: the lab" section's commands must run as written against a lab, and every configuration key and
 * environment variable it documents must exist in the code. A renamed option or key fails here, not for a user.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = findRoot();
    private static final String README = read(ROOT.resolve("README.md"));
    private static final String LAB_SECTION = "## First hour: the lab";

    @TempDir
    Path dir;

    @Test
    void everyCfgvaultCommandInReadmeParsesWithTheRealCommandTree() {
        List<String> commands = commands(README);
        assertTrue(commands.size() >= 15, "found only " + commands);
        var problems = new ArrayList<String>();
        for (String line : commands) {
            List<String> args = words(line);
            try {
                // inline mentions and synopses ([--port N], a|b, DEVICE) are checked for names only
                if (INLINE.contains(line) || line.contains("[") || line.contains("|") || line.matches(".*\\b[A-Z]{3,}\\b.*")) {
                    checkSynopsis(args);   // a synopsis: subcommands and option names must exist
                } else {
                    Cfgvault.commandLine().parseArgs(args.subList(1, args.size()).toArray(String[]::new));
                }
            } catch (CommandLine.ParameterException | IllegalArgumentException e) {
                problems.add(line + "  ->  " + e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), "README commands the CLI does not accept:\n" + String.join("\n", problems));
    }

    @Test
    void theLabSectionRunsAsWritten() throws Exception {
        Path lab = dir.resolve("lab");
        Path data = dir.resolve("data");
        String section = README.substring(README.indexOf(LAB_SECTION));
        section = section.substring(0, section.indexOf("\n## ", LAB_SECTION.length()));
        List<String> lines = fencedLines(section);
        assertEquals("scripts/cfgvault lab", lines.get(0), "the section starts the lab");
        int ran = 0;
        try (Lab running = Lab.start(lab, 6, Map.of(), new PrintStream(new ByteArrayOutputStream()))) {
            for (String line : lines.subList(1, lines.size())) {
                List<String> args = new ArrayList<>(words(line.replace(".cfgvault-lab/", lab + "/")));
                if (args.get(0).equals("ls")) {
                    Path p = Path.of(args.get(1).replaceFirst("^\\.cfgvault/", data + "/"));
                    assertTrue(Files.isDirectory(p) && Files.list(p).findAny().isPresent(), line + ": " + p + " is empty or missing");
                    continue;
                }
                assertEquals("scripts/cfgvault", args.get(0), line);
                args.remove(0);
                if (args.get(0).equals("serve")) {
                    Cfgvault.commandLine().parseArgs(args.toArray(String[]::new));   // runs until Ctrl-C; parse only
                    continue;
                }
                if (args.get(0).equals("lab")) {
                    args.addAll(List.of("--dir", lab.toString()));
                } else {
                    args.addAll(List.of("--data-dir", data.toString()));
                }
                var r = CliRun.run(args.toArray(String[]::new));
                assertEquals(0, r.code(), line + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
                ran++;
            }
        }
        assertTrue(ran >= 10, "ran only " + ran + " commands");
    }

    @Test
    void everyDocumentedConfigurationKeyIsOneTheCodeReads() throws Exception {
        Set<String> known = Arrays.stream(Configuration.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toSet());
        List<String> documented = tableKeys(section("## Configuration keys"));
        assertTrue(documented.size() >= 10, documented.toString());
        var unknown = documented.stream().filter(k -> !k.contains("<") && !known.contains(k)).toList();
        assertTrue(unknown.isEmpty(), "README documents configuration keys the code does not know: " + unknown);
        String source = sources(ROOT.resolve("functions/core/src/main/java"));
        for (String pattern : documented.stream().filter(k -> k.contains("<")).toList()) {
            String prefix = pattern.substring(0, pattern.indexOf('<'));
            assertTrue(source.contains("\"" + prefix), "README documents " + pattern + " but no code builds keys from \"" + prefix + "\"");
        }
    }

    @Test
    void everyDocumentedEnvironmentVariableIsOneTheCodeReads() throws Exception {
        String source = sources(ROOT.resolve("functions"));
        List<String> documented = tableKeys(section("## Environment variables"));
        assertTrue(documented.contains("CFGVAULT_BUCKET"), documented.toString());
        var unknown = documented.stream().map(v -> v.replaceAll("<.*", ""))
                .filter(v -> !source.contains("\"" + v)).toList();
        assertTrue(unknown.isEmpty(), "README documents environment variables no code reads: " + unknown);
    }

    // ---------------------------------------------------------------- README parsing

    /** The commands found in inline code spans (prose mentions, checked for names only). */
    private static final Set<String> INLINE = new java.util.HashSet<>();

    /** Every {@code scripts/cfgvault ...} command: lines of fenced blocks and inline code spans. */
    static List<String> commands(String markdown) {
        var out = new ArrayList<String>();
        fencedLines(markdown).stream().filter(l -> l.startsWith("scripts/cfgvault")).forEach(out::add);
        Matcher inline = Pattern.compile("`(scripts/cfgvault [^`]+)`").matcher(markdown.replaceAll("(?s)```.*?```", ""));
        while (inline.find()) {
            out.add(inline.group(1));
            INLINE.add(inline.group(1));
        }
        return out;
    }

    /** The shell lines of fenced code blocks, continuation lines joined and comments dropped. */
    static List<String> fencedLines(String markdown) {
        var out = new ArrayList<String>();
        Matcher block = Pattern.compile("(?s)```(bash|sh)?\\n(.*?)```").matcher(markdown);
        while (block.find()) {
            String body = block.group(2).replace("\\\n", " ");
            for (String line : body.split("\n")) {
                String l = stripComment(line).strip().replaceAll("\\s+", " ");
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Splits like a shell: whitespace separates, single and double quotes group. */
    static List<String> words(String line) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean single = false;
        boolean dbl = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'' && !dbl) {
                single = !single;
                any = true;
            } else if (c == '"' && !single) {
                dbl = !dbl;
                any = true;
            } else if (Character.isWhitespace(c) && !single && !dbl) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** {@code scripts/cfgvault serve [--port 8080] ...}: the subcommand path and every option name must exist. */
    private static void checkSynopsis(List<String> args) {
        CommandLine cmd = Cfgvault.commandLine();
        int i = 1;
        while (i < args.size() && cmd.getSubcommands().containsKey(args.get(i))) {
            cmd = cmd.getSubcommands().get(args.get(i++));
        }
        if (i == 1) {
            throw new IllegalArgumentException("no such command: " + args.get(1));
        }
        for (String a : args.subList(i, args.size())) {
            Matcher opt = Pattern.compile("(--?[a-zA-Z][a-zA-Z-]*)").matcher(a);
            if (a.replaceAll("^\\[+", "").startsWith("-") && opt.find() && cmd.getCommandSpec().findOption(opt.group(1)) == null) {
                throw new IllegalArgumentException(String.join(" ", cmd.getCommandSpec().qualifiedName()) + " has no option " + opt.group(1));
            }
        }
    }

    private static String section(String heading) {
        int start = README.indexOf("\n" + heading);
        assertTrue(start >= 0, "README has no section " + heading);
        int end = README.indexOf("\n## ", start + heading.length());
        return README.substring(start, end < 0 ? README.length() : end);
    }

    /** The backticked names in the first column of a markdown table ({@code | `a`, `b` | ...}). */
    private static List<String> tableKeys(String section) {
        var out = new ArrayList<String>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = Pattern.compile("`([^`]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private static String sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .map(ReadmeCommandsTest::read).collect(Collectors.joining("\n"));
        }
    }

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/cfgvault"))) {
            p = p.getParent();
        }
        if (p == null) {
            fail("repository root (with scripts/cfgvault) not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
