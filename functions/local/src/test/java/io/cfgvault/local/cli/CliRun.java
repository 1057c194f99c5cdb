package io.cfgvault.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code cfgvault} command line in this JVM as {@code scripts/cfgvault} would, capturing stdout and stderr. */
public final class CliRun {
    private CliRun() {}

    /** Exit code and what the command printed. */
    public record Result(int code, String out, String err) {}

    public static synchronized Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cli = Cfgvault.commandLine()
                    .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }
}
