package io.cfgvault.local.sim.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded device session, written as text: what the device sends and what it expects the client to type. Made
 * to be written by hand from a vendor's documentation or pasted from a real terminal log.
 *
 * <pre>
 * # comments and header lines before "---"
 * user: admin
 * password: secret
 * ---
 * out Welcome to rtr1                 the device sends the text and CRLF
 * prompt rtr1#                        the device sends the text, no line end
 * expect terminal length 0            the client must type this line; the device echoes it and CRLF
 * echo \e[1mterminal length 0\e[0m    (right after expect) echo this instead; a bare "echo" = no echo
 * key \x20                            the client must send exactly these characters (a pager answer)
 * block                               the lines up to ".end" are sent, each with CRLF (a config, a page)
 * file running-config.txt             the lines of this file (beside the transcript) are sent, each with CRLF
 * ...
 * .end
 * close                               the device closes the session
 * exec /export terse                  an exec channel command: "stdout" / "stderr" blocks up to ".end", "exit N"
 * </pre>
 *
 * Escapes in texts: {@code \e \r \n \t \\ \xHH}, and {@code \s} for a space where trailing spaces would be invisible.
 */
public record ReplayScript(String name, Map<String, String> header, List<Step> shell, Map<String, Exec> exec) {

    /** One step of the interactive shell. */
    public sealed interface Step {}

    /** The device sends these bytes. */
    public record Send(String text) implements Step {}

    /** The client must type this line (Enter ends it); the device then echoes {@code echo} (null: the line itself). */
    public record Expect(String line, String echo, int lineNo) implements Step {}

    /** The client must send exactly these characters, without Enter. */
    public record Key(String chars, int lineNo) implements Step {}

    /** The device closes the channel. */
    public record Close() implements Step {}

    /** The answer to one exec channel command. */
    public record Exec(String stdout, String stderr, int exitStatus) {}

    public String user() {
        return header.getOrDefault("user", "admin");
    }

    public String password() {
        return header.getOrDefault("password", "replay-Pa55");
    }

    public static ReplayScript read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString(), file.getParent());
    }

    public static ReplayScript parse(String text, String name) {
        return parse(text, name, null);
    }

    public static ReplayScript parse(String text, String name, Path dir) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.length && !lines[i].equals("---"); i++) {
            String l = lines[i];
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                throw bad(name, i, "header lines are 'key: value' (or '# comment'), then '---'");
            }
            header.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        }
        if (i == lines.length) {
            throw bad(name, i - 1, "no '---' line between the header and the session");
        }
        List<Step> shell = new ArrayList<>();
        Map<String, Exec> exec = new LinkedHashMap<>();
        for (i++; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            String word = sp < 0 ? l : l.substring(0, sp);
            String arg = sp < 0 ? "" : unescape(l.substring(sp + 1));
            switch (word) {
                case "out" -> shell.add(new Send(arg + "\r\n"));
                case "prompt" -> shell.add(new Send(arg));
                case "expect" -> shell.add(new Expect(arg, null, i + 1));
                case "echo" -> {
                    if (shell.isEmpty() || !(shell.get(shell.size() - 1) instanceof Expect e)) {
                        throw bad(name, i, "'echo' must follow an 'expect'");
                    }
                    shell.set(shell.size() - 1, new Expect(e.line(), arg, e.lineNo()));
                }
                case "key" -> shell.add(new Key(arg, i + 1));
                case "close" -> shell.add(new Close());
                case "file" -> {
                    if (dir == null) {
                        throw bad(name, i, "'file' needs a transcript read from a directory");
                    }
                    try {
                        String body = Files.readString(dir.resolve(arg), StandardCharsets.UTF_8).replace("\r\n", "\n");
                        shell.add(new Send(body.replace("\n", "\r\n")));
                    } catch (IOException e) {
                        throw bad(name, i, "cannot read " + dir.resolve(arg) + ": " + e.getMessage());
                    }
                }
                case "block" -> {
                    var b = new StringBuilder();
                    i = block(lines, i, name, b, "\r\n");
                    shell.add(new Send(b.toString()));
                }
                case "exec" -> {
                    String out = "";
                    String err = "";
                    int status = 0;
                    while (i + 1 < lines.length && lines[i + 1].matches("(stdout|stderr|exit \\d+)")) {
                        String sub = lines[++i];
                        if (sub.startsWith("exit ")) {
                            status = Integer.parseInt(sub.substring(5));
                        } else {
                            var b = new StringBuilder();
                            i = block(lines, i, name, b, "\n");
                            if (sub.equals("stdout")) {
                                out = b.toString();
                            } else {
                                err = b.toString();
                            }
                        }
                    }
                    exec.put(arg, new Exec(out, err, status));
                }
                default -> throw bad(name, i, "unknown step '" + word
                        + "'; use out, prompt, expect, echo, key, block, file, close or exec");
            }
        }
        return new ReplayScript(name, header, List.copyOf(shell), exec);
    }

    /** Reads the lines after {@code start} up to ".end" into {@code into}, each ended by {@code eol}; returns the ".end" index. */
    private static int block(String[] lines, int start, String name, StringBuilder into, String eol) {
        for (int j = start + 1; j < lines.length; j++) {
            if (lines[j].equals(".end")) {
                return j;
            }
            into.append(lines[j]).append(eol);
        }
        throw bad(name, start, "block without its '.end' line");
    }

    static String unescape(String s) {
        var b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'e' -> b.append('\u001b');
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 's' -> b.append(' ');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> b.append('\\').append(n);
            }
        }
        return b.toString();
    }

    private static IllegalArgumentException bad(String name, int index, String why) {
        return new IllegalArgumentException("replay transcript " + name + ", line " + (index + 1) + ": " + why);
    }
}
