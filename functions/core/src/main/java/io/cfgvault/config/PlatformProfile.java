package io.cfgvault.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A vendor platform described as data (see {@code profiles/*.yaml}): how to log in, which commands to back up,
 * which lines are volatile, what marks a complete or failed output, and how to restore. Immutable and thread-safe;
 * all regular expressions are compiled once, when the profile is loaded.
 */
public final class PlatformProfile {

    /** How the commands are run. */
    public enum Mode {
        /** Interactive shell on a PTY: prompt-driven, login commands, pager answered, echo and prompt cut. */
        SHELL,
        /** One exec channel per command; output is the channel's stdout. */
        EXEC
    }

    /** Privileged mode: sent when the prompt after login matches {@code when}. */
    public record Enable(String command, Pattern passwordPrompt, Pattern when) {}

    /** A pager prompt such as {@code --More--} and the key that answers it. */
    public record Pager(Pattern pattern, String answer) {}

    /** A secret pattern for optional masking; {@code replace} may use groups ({@code $1<secret>}). */
    public record Secret(Pattern pattern, String replace) {}

    /**
     * How a stored config is pushed back ({@code restore:} in a profile). {@code {session}} in a command stands for a
     * name unique to the restore, {@code {minutes}} and {@code {timer}} (hh:mm:ss) for {@code confirmMinutes}.
     *
     * @param method          {@code line-by-line} (configuration mode, the stored lines merged in, extra lines
     *                        removed with {@code no}), {@code replace} (the stored config replaces the running one as
     *                        a whole), or anything else (e.g. {@code manual}): restored by hand from the stored copy
     * @param enter           enters configuration mode
     * @param clear           empties the candidate before the lines (EOS {@code rollback clean-config})
     * @param load            when set, the config is sent after it as one block ended by ^D (Junos
     *                        {@code load override terminal}); otherwise line by line
     * @param commit          applies a candidate (replace only)
     * @param commitConfirmed applies it with a timer that rolls it back unless confirmed (empty when the platform has none)
     * @param confirm         commands, in a new session after verification, that confirm {@code commitConfirmed}
     * @param confirmMinutes  the timer
     * @param exit            leaves configuration mode
     * @param save            persists the running config
     */
    public record Restore(String method, String enter, String clear, String load, String commit, String commitConfirmed,
                          List<String> confirm, int confirmMinutes, String exit, String save) {
        public boolean lineByLine() {
            return method.equals("line-by-line");
        }

        public boolean replace() {
            return method.equals("replace");
        }
    }

    private final String name;
    private final String description;
    private final String source;
    private final Mode mode;
    private final Pattern prompt;
    private final Optional<Enable> enable;
    private final List<String> loginCommands;
    private final Optional<Pager> pager;
    private final List<String> backupCommands;
    /** Commands that print the startup config, run after the backup commands in the same session; may be empty. */
    private final List<String> startupCommands;
    private final Optional<Pattern> endMarker;
    private final List<Pattern> artefactLines;
    private final List<Pattern> volatileLines;
    private final List<Pattern> errorPatterns;
    /**
     * The error patterns that can only match at the start of a line ({@code ^...} without a top-level {@code |}), as
     * one regex tried once a line. A search along the whole text tried every pattern at every character and was a
     * quarter of a worker's CPU per device (scripts/bench-scale profile); empty when there are none.
     */
    private final Optional<Pattern> lineStartErrors;
    /** The other error patterns, as one regex searched along each line; empty when there are none. */
    private final Optional<Pattern> floatingErrors;
    private final List<Secret> secrets;
    private final Restore restore;
    private final Map<String, String> options;
    /** The commands change the device: the session stops at the first rejected one and traces no command text. */
    private final boolean push;

    private PlatformProfile(ProfileSpec spec, String source) {
        this.push = false;
        this.source = source;
        this.name = require(spec.name(), "name", source);
        if (!name.matches("[a-z0-9_]+")) {
            throw invalid(source, "name '" + name + "' must be lower case letters, digits and '_' (as Netmiko device types)");
        }
        this.description = spec.description() == null ? "" : spec.description();
        String m = spec.mode() == null ? "shell" : spec.mode().trim().toLowerCase(Locale.ROOT);
        this.mode = switch (m) {
            case "shell" -> Mode.SHELL;
            case "exec" -> Mode.EXEC;
            default -> throw invalid(source, "mode must be 'shell' or 'exec', not '" + spec.mode() + "'");
        };
        this.prompt = spec.prompt() == null ? null : compile(spec.prompt(), "prompt", source);
        if (mode == Mode.SHELL && prompt == null) {
            throw invalid(source, "a shell-mode profile needs a 'prompt' regex");
        }
        ProfileSpec.Login login = spec.login();
        this.loginCommands = login == null || login.commands() == null ? List.of() : List.copyOf(login.commands());
        if (login != null && login.enable() != null) {
            ProfileSpec.Enable e = login.enable();
            this.enable = Optional.of(new Enable(
                    e.command() == null ? "enable" : e.command(),
                    compile(e.passwordPrompt() == null ? "(?i)password:\\s*$" : e.passwordPrompt(), "login.enable.passwordPrompt", source),
                    compile(e.when() == null ? ">\\s?$" : e.when(), "login.enable.when", source)));
        } else {
            this.enable = Optional.empty();
        }
        this.pager = spec.pager() == null || spec.pager().pattern() == null ? Optional.empty()
                : Optional.of(new Pager(compile(spec.pager().pattern(), "pager.pattern", source),
                        spec.pager().answer() == null ? " " : spec.pager().answer()));
        if (spec.backup() == null || spec.backup().commands() == null || spec.backup().commands().isEmpty()) {
            throw invalid(source, "backup.commands must list at least one command");
        }
        this.backupCommands = List.copyOf(spec.backup().commands());
        this.startupCommands = spec.backup().startup() == null ? List.of() : List.copyOf(spec.backup().startup());
        if (!startupCommands.isEmpty() && mode != Mode.SHELL) {
            throw invalid(source, "backup.startup is read in the backup's shell session; it needs mode: shell");
        }
        this.endMarker = spec.backup().endMarker() == null || spec.backup().endMarker().isBlank() ? Optional.empty()
                : Optional.of(compile(spec.backup().endMarker(), "backup.endMarker", source));
        this.artefactLines = compileAll(spec.backup().artefactLines(), "backup.artefactLines", source);
        this.volatileLines = compileAll(spec.normalise() == null ? null : spec.normalise().dropLines(), "normalise.dropLines", source);
        this.errorPatterns = compileAll(spec.errors(), "errors", source);
        this.lineStartErrors = either(errorPatterns.stream().filter(p -> lineStartOnly(p.pattern())).toList());
        this.floatingErrors = either(errorPatterns.stream().filter(p -> !lineStartOnly(p.pattern())).toList());
        List<Secret> s = new ArrayList<>();
        if (spec.secrets() != null) {
            for (ProfileSpec.Secret secret : spec.secrets()) {
                Pattern pattern = compile(require(secret.pattern(), "secrets[].pattern", source), "secrets[].pattern", source);
                String replace = secret.replace() == null ? "<secret>" : secret.replace();
                Matcher refs = Pattern.compile("\\$(\\d)").matcher(replace);
                while (refs.find()) {
                    if (Integer.parseInt(refs.group(1)) > pattern.matcher("").groupCount()) {
                        throw invalid(source, "secrets[].replace '" + replace + "' refers to group $" + refs.group(1)
                                + " but '" + pattern.pattern() + "' has only " + pattern.matcher("").groupCount());
                    }
                }
                s.add(new Secret(pattern, replace));
            }
        }
        this.secrets = List.copyOf(s);
        ProfileSpec.Restore r = spec.restore();
        this.restore = r == null ? new Restore("line-by-line", "", "", "", "", "", List.of(), 10, "", "")
                : new Restore(orEmpty(r.method(), "line-by-line"), orEmpty(r.enter(), ""), orEmpty(r.clear(), ""),
                        orEmpty(r.load(), ""), orEmpty(r.commit(), ""), orEmpty(r.commitConfirmed(), ""),
                        r.confirm() == null ? List.of() : List.copyOf(r.confirm()),
                        r.confirmMinutes() == null ? 10 : r.confirmMinutes(), orEmpty(r.exit(), ""), orEmpty(r.save(), ""));
        if (restore.replace() && restore.commit().isBlank()) {
            throw invalid(source, "restore.method 'replace' needs restore.commit");
        }
        if (restore.confirmMinutes() < 1 || restore.confirmMinutes() > 60) {
            throw invalid(source, "restore.confirmMinutes must be 1..60, not " + restore.confirmMinutes());
        }
        Map<String, String> opts = new LinkedHashMap<>();
        if (spec.options() != null) {
            spec.options().forEach((k, v) -> opts.put(k, v instanceof List<?> list
                    ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        }
        this.options = Map.copyOf(opts);
        Options.validate(options, "profile " + name + " (" + source + ")");
    }

    /** The same platform running other commands; a restore pushes config lines as "commands" through the fetcher. */
    private PlatformProfile(PlatformProfile base, List<String> commands, boolean push) {
        this.push = push;
        this.name = base.name;
        this.description = base.description;
        this.source = base.source;
        this.mode = base.mode;
        this.prompt = base.prompt;
        this.enable = base.enable;
        this.loginCommands = base.loginCommands;
        this.pager = base.pager;
        this.backupCommands = List.copyOf(commands);
        this.startupCommands = List.of();   // a push or a one-off command set reads no startup config
        this.endMarker = Optional.empty();
        this.artefactLines = base.artefactLines;
        this.volatileLines = base.volatileLines;
        this.errorPatterns = base.errorPatterns;
        this.lineStartErrors = base.lineStartErrors;
        this.floatingErrors = base.floatingErrors;
        this.secrets = base.secrets;
        this.restore = base.restore;
        this.options = base.options;
    }

    /** This profile with {@code commands} in place of the backup commands (and no end marker). */
    public PlatformProfile withCommands(List<String> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + ": no commands to run");
        }
        return new PlatformProfile(this, commands, false);
    }

    /**
     * This profile pushing {@code commands} to the device (a restore): the session stops at the first command the
     * device answers with an error pattern, and the trace names commands by number only, so no config line leaks.
     * A command with line breaks is sent as one block of input with no prompt expected between its lines (Junos
     * {@code load override terminal}); its first line is what the device echoes.
     */
    public PlatformProfile forPush(List<String> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + ": nothing to push");
        }
        return new PlatformProfile(this, commands, true);
    }

    /** True for a profile made by {@link #forPush}. */
    public boolean isPush() {
        return push;
    }

    static PlatformProfile of(ProfileSpec spec, String source) {
        return new PlatformProfile(spec, source);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Where the profile was loaded from ({@code classpath:profiles/cisco_ios.yaml} or a file path). */
    public String source() {
        return source;
    }

    public Mode mode() {
        return mode;
    }

    /** Prompt regex, matched against the last line of output (the one without a newline). Null in exec mode. */
    public Pattern prompt() {
        return prompt;
    }

    public Optional<Enable> enable() {
        return enable;
    }

    /** Commands sent once after login (paging off, width), in shell mode. */
    public List<String> loginCommands() {
        return loginCommands;
    }

    public Optional<Pager> pager() {
        return pager;
    }

    public List<String> backupCommands() {
        return backupCommands;
    }

    /** The startup-config commands ({@code backup.startup}); empty when the platform has none or for a push. */
    public List<String> startupCommands() {
        return startupCommands;
    }

    public Optional<Pattern> endMarker() {
        return endMarker;
    }

    /** CLI lines that are not config (Junos' {@code {master:0}} before each prompt); removed from the stored output. */
    public List<Pattern> artefactLines() {
        return artefactLines;
    }

    /** The output without the profile's artefact lines; the fetcher applies it to every command's output. */
    public String dropArtefacts(String output) {
        if (artefactLines.isEmpty()) {
            return output;
        }
        StringBuilder out = new StringBuilder(output.length());
        int start = 0;
        while (start < output.length()) {
            int nl = output.indexOf('\n', start);
            int end = nl < 0 ? output.length() : nl + 1;
            String line = output.substring(start, nl < 0 ? end : nl);
            boolean artefact = false;
            for (Pattern p : artefactLines) {
                if (p.matcher(line).find()) {
                    artefact = true;
                    break;
                }
            }
            if (!artefact) {
                out.append(output, start, end);
            } else if (out.length() >= 2 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n') {
                // Junos prints a blank line above its {primary:node0} line; it belongs to the artefact, not the config
                out.setLength(out.length() - 1);
            }
            start = end;
        }
        return out.toString();
    }

    public List<Pattern> volatileLines() {
        return volatileLines;
    }

    public List<Pattern> errorPatterns() {
        return errorPatterns;
    }

    public List<Secret> secrets() {
        return secrets;
    }

    public Restore restore() {
        return restore;
    }

    /** Platform-level options (timeouts, algorithms), the "platform" layer of {@link Options}. */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The copy used for change detection: the profile's volatile lines dropped, {@code \r\n} turned into
     * {@code \n}, trailing blank lines removed, one final newline. Never stored; the stored copy is the raw output.
     */
    public String normalise(String raw) {
        String text = raw.replace("\r\n", "\n");
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            if (!isVolatile(line)) {
                out.append(line).append('\n');
            }
            start = end + 1;
        }
        int len = out.length();
        while (len >= 1 && out.charAt(len - 1) == '\n') {
            len--;
        }
        out.setLength(len);
        return len == 0 ? "" : out.append('\n').toString();
    }

    private boolean isVolatile(String line) {
        for (Pattern p : volatileLines) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why this output is not a complete, good config, or empty when it is. Checks, in order: empty output, a line
     * matching one of the profile's error patterns ({@link #errorReason}), and the end marker on the last non-blank
     * line ({@link #endMarkerReason}). The reason names the pattern and line number, never the config text.
     */
    public Optional<String> incompleteReason(String output) {
        if (output == null || output.isBlank()) {
            return Optional.of("output of " + name + " is empty");
        }
        Optional<String> error = errorReason(output);
        return error.isPresent() ? error : endMarkerReason(output);
    }

    /** The first line that matches one of the profile's error patterns ({@code % Invalid input}, ...), if any. */
    public Optional<String> errorReason(String output) {
        if (errorPatterns.isEmpty() || output == null) {
            return Optional.empty();
        }
        Matcher atStart = lineStartErrors.map(p -> p.matcher(output)).orElse(null);
        Matcher along = floatingErrors.map(p -> p.matcher(output)).orElse(null);
        int lineNo = 0;
        int start = 0;
        while (start < output.length()) {
            int nl = output.indexOf('\n', start);
            int end = nl < 0 ? output.length() : nl;
            int stop = end > start && output.charAt(end - 1) == '\r' ? end - 1 : end;
            lineNo++;
            // A line with another line terminator inside (a lone CR) has more places where ^ matches: check it
            // pattern by pattern, as below.
            boolean suspect = !plain(output, start, stop)
                    || atStart != null && atStart.region(start, stop).lookingAt()
                    || along != null && along.region(start, stop).find();
            if (suspect) {
                CharSequence line = output.subSequence(start, stop);
                for (Pattern p : errorPatterns) {
                    if (p.matcher(line).find()) {
                        return Optional.of("device answered with an error: line " + lineNo + " matches error pattern '"
                                + p.pattern() + "' of profile " + name);
                    }
                }
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /** No character in [from, to) after which a MULTILINE {@code ^} could match. */
    private static boolean plain(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** One MULTILINE regex that matches where any of these does, or empty for none. */
    private static Optional<Pattern> either(List<Pattern> patterns) {
        return patterns.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(patterns.stream()
                .map(p -> "(?:" + p.pattern() + ")").collect(java.util.stream.Collectors.joining("|")), Pattern.MULTILINE));
    }

    /**
     * True when the regex can only match at a line start: it begins with {@code ^} and has no {@code |} outside
     * groups and character classes (so {@code ^a|b} is not).
     */
    static boolean lineStartOnly(String regex) {
        if (!regex.startsWith("^")) {
            return false;
        }
        int depth = 0;
        int inClass = 0;
        for (int i = 1; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
                    int q = regex.indexOf("\\E", i + 2);
                    i = q < 0 ? regex.length() : q + 1;
                } else {
                    i++;
                }
            } else if (inClass > 0) {
                if (c == '[') {
                    inClass++;
                } else if (c == ']') {
                    inClass--;
                }
            } else if (c == '[') {
                inClass = 1;
                // a ']' right after '[' or '[^' is a literal
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return false;
            }
        }
        return true;
    }

    /** Present when the profile has an end marker and the last non-blank line does not match it. */
    public Optional<String> endMarkerReason(String output) {
        if (endMarker.isEmpty()) {
            return Optional.empty();
        }
        String text = output == null ? "" : output;
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = text.lastIndexOf('\n', end - 1) + 1;
        String last = end <= 0 ? "" : text.substring(start, end);
        if (endMarker.get().matcher(last).find()) {
            return Optional.empty();
        }
        long lines = text.isEmpty() ? 0 : text.chars().filter(c -> c == '\n').count() + (text.endsWith("\n") ? 0 : 1);
        return Optional.of("output looks incomplete: " + lines + " lines, " + text.length()
                + " chars, and the last line does not match the end marker '" + endMarker.get().pattern()
                + "' of profile " + name);
    }

    /** Applies the profile's secret patterns line by line ({@code MULTILINE}); used only when masking is on. */
    public String maskSecrets(String raw) {
        String text = raw;
        for (Secret s : secrets) {
            Matcher m = s.pattern().matcher(text);
            text = m.replaceAll(s.replace());
        }
        return text;
    }

    @Override
    public String toString() {
        return "PlatformProfile[" + name + ", " + mode.name().toLowerCase(Locale.ROOT) + ", " + source + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformProfile p && p.name.equals(name) && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source);
    }

    private static String orEmpty(String v, String dflt) {
        return v == null ? dflt : v;
    }

    private static String require(String v, String field, String source) {
        if (v == null || v.isBlank()) {
            throw invalid(source, "'" + field + "' is missing");
        }
        return v;
    }

    private static List<Pattern> compileAll(List<String> regexes, String field, String source) {
        if (regexes == null) {
            return List.of();
        }
        List<Pattern> out = new ArrayList<>();
        for (String r : regexes) {
            out.add(compile(r, field, source));
        }
        return List.copyOf(out);
    }

    /** All profile regexes are MULTILINE, so {@code ^} and {@code $} anchor at line boundaries. */
    private static Pattern compile(String regex, String field, String source) {
        try {
            return Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw invalid(source, "'" + field + "' is not a valid regular expression: " + e.getDescription()
                    + " in '" + regex + "'");
        }
    }

    static IllegalArgumentException invalid(String source, String what) {
        return new IllegalArgumentException("Invalid platform profile " + source + ": " + what);
    }
}
