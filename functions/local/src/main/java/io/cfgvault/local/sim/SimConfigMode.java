package io.cfgvault.local.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One configuration-mode session of a simulated device, with the vendor's semantics:
 * <ul>
 * <li>IOS/EOS {@code configure terminal}: every line takes effect at once, merged into the running config.</li>
 * <li>EOS {@code configure session NAME}: lines edit a candidate; {@code rollback clean-config} empties it (so the
 *     lines that follow replace the whole config); {@code commit} or {@code commit timer hh:mm:ss} applies it;
 *     {@code configure session NAME commit} from exec mode confirms a timer.</li>
 * <li>Junos {@code configure [exclusive|private]}: a candidate; {@code load override terminal} reads a whole config
 *     until ^D and replaces the candidate with it; {@code commit}, {@code commit confirmed N}, {@code commit and-quit};
 *     leaving discards what was not committed.</li>
 * </ul>
 */
abstract class SimConfigMode {
    /** What the device prints for one line, and whether configuration mode ended. */
    record Reply(String text, boolean done) {}

    protected final DeviceState device;
    protected final String user;

    SimConfigMode(DeviceState device, String user) {
        this.device = device;
        this.user = user;
    }

    /** The session a configure command opens, or empty when it is not one. */
    static Optional<SimConfigMode> open(DeviceState d, String user, String command) {
        String c = command.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (d.junos()) {
            return c.equals("configure") || c.equals("configure exclusive") || c.equals("configure private")
                    ? Optional.of(new Junos(d, user)) : Optional.empty();
        }
        if (c.equals("configure terminal") || c.equals("conf t") || c.equals("configure")) {
            return Optional.of(new Terminal(d, user));
        }
        if (d.flavour.equals("arista_eos") && c.matches("configure session [\\w\\-]+")) {
            return Optional.of(new EosSession(d, user, command.strip().substring(command.strip().lastIndexOf(' ') + 1)));
        }
        return Optional.empty();
    }

    abstract String greeting();

    abstract String prompt();

    abstract Reply line(String line);

    /** True while the session reads a block of input without prompts (Junos load ... terminal). */
    boolean readingBlock() {
        return false;
    }

    // ------------------------------------------------------------------ IOS / EOS configure terminal

    /** Line-by-line configuration: each line changes the running config at once. */
    static final class Terminal extends SimConfigMode {
        private final IosConfig config;

        Terminal(DeviceState d, String user) {
            super(d, user);
            this.config = IosConfig.parse(d.flavour, d.config().text());
        }

        @Override
        String greeting() {
            return "Enter configuration commands, one per line.  End with CNTL/Z.\n";
        }

        @Override
        String prompt() {
            return device.name + "(" + config.mode() + ")#";
        }

        @Override
        Reply line(String line) {
            String t = line.strip().toLowerCase(Locale.ROOT);
            if (t.equals("end")) {
                return new Reply("", true);
            }
            if (t.equals("exit")) {
                if (config.inSubMode()) {
                    config.exitSubMode();
                    return new Reply("", false);
                }
                return new Reply("", true);
            }
            if (t.startsWith("do ")) {
                return new Reply("", false);
            }
            Optional<String> error = config.apply(line);
            if (error.isPresent()) {
                return new Reply(error.get(), false);
            }
            device.commit(config.render(device.name, Instant.now()));
            return new Reply("", false);
        }
    }

    // ------------------------------------------------------------------ EOS configure session

    /** An EOS configuration session: a candidate committed as a whole, optionally with a timer. */
    static final class EosSession extends SimConfigMode {
        private final String name;
        private IosConfig candidate;

        EosSession(DeviceState d, String user, String name) {
            super(d, user);
            this.name = name;
            this.candidate = IosConfig.parse(d.flavour, d.config().text());
        }

        @Override
        String greeting() {
            return "";
        }

        @Override
        String prompt() {
            // EOS shows the first letters of the session name
            return device.name + "(config-s-" + name.substring(0, Math.min(5, name.length())) + ")#";
        }

        @Override
        Reply line(String line) {
            String t = line.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (t.equals("rollback clean-config")) {
                candidate = IosConfig.empty(device.flavour);
                return new Reply("", false);
            }
            if (t.equals("abort")) {
                return new Reply("", true);
            }
            if (t.equals("commit")) {
                device.commit(candidate.render(device.name, Instant.now()));
                return new Reply("", true);
            }
            if (t.matches("commit timer \\d{1,2}:\\d{2}:\\d{2}")) {
                String[] hms = t.substring("commit timer ".length()).split(":");
                Duration d = Duration.ofHours(Integer.parseInt(hms[0])).plusMinutes(Integer.parseInt(hms[1]))
                        .plusSeconds(Integer.parseInt(hms[2]));
                device.commitConfirmed(candidate.render(device.name, Instant.now()), d, name);
                return new Reply("", true);
            }
            if (t.equals("end") || t.equals("exit") && !candidate.inSubMode()) {
                // EOS keeps an uncommitted session; the simulator simply drops it
                return new Reply("", true);
            }
            if (t.equals("exit")) {
                candidate.exitSubMode();
                return new Reply("", false);
            }
            return new Reply(candidate.apply(line).orElse(""), false);
        }
    }

    // ------------------------------------------------------------------ Junos

    /** Junos configuration mode with a candidate and commit. */
    static final class Junos extends SimConfigMode {
        private static final Set<String> TOP = Set.of("version", "system", "chassis", "interfaces", "snmp", "forwarding-options",
                "routing-options", "protocols", "policy-options", "class-of-service", "firewall", "security", "services", "vlans",
                "routing-instances", "groups", "apply-groups", "event-options", "access", "poe", "switch-options", "bridge-domains");
        private String candidate;
        private List<String> block;

        Junos(DeviceState d, String user) {
            super(d, user);
            this.candidate = d.config().text();
        }

        @Override
        String greeting() {
            return "Entering configuration mode\n";
        }

        @Override
        String prompt() {
            return "\n[edit]\n" + user + "@" + device.name + "# ";
        }

        @Override
        boolean readingBlock() {
            return block != null;
        }

        @Override
        Reply line(String line) {
            if (block != null) {
                if (!line.equals("\u0004")) {
                    block.add(line);
                    return new Reply("", false);
                }
                List<String> loaded = block;
                block = null;
                return new Reply(load(loaded), false);
            }
            String t = line.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (t.equals("load override terminal")) {
                block = new ArrayList<>();
                return new Reply("[Type ^D at a new line to end input]\n", false);
            }
            if (t.equals("commit") || t.equals("commit and-quit")) {
                device.commit(stamped(candidate));
                return new Reply("commit complete\n" + (t.endsWith("and-quit") ? "Exiting configuration mode\n" : ""),
                        t.endsWith("and-quit"));
            }
            if (t.matches("commit confirmed \\d{1,5}")) {
                int minutes = Integer.parseInt(t.substring("commit confirmed ".length()));
                device.commitConfirmed(stamped(candidate), Duration.ofMinutes(minutes), "");
                return new Reply("configuration check succeeds\ncommit confirmed will be automatically rolled back in "
                        + minutes + " minutes unless confirmed\ncommit complete\n", false);
            }
            if (t.equals("commit check")) {
                return new Reply("configuration check succeeds\n", false);
            }
            if (t.equals("rollback 0") || t.equals("rollback")) {
                candidate = device.config().text();
                return new Reply("load complete\n", false);
            }
            if (t.equals("exit") || t.equals("quit") || t.equals("exit configuration-mode")) {
                boolean dirty = !candidate.equals(device.config().text());
                return new Reply((dirty ? "The configuration has been changed but not committed\n" : "")
                        + "Exiting configuration mode\n", true);
            }
            return new Reply("                       ^\nunknown command.\n", false);
        }

        /** Replaces the candidate with a loaded config after a syntax check; with errors the candidate stays as it was. */
        private String load(List<String> lines) {
            int depth = 0;
            for (int i = 0; i < lines.size(); i++) {
                String t = lines.get(i).strip();
                String code = t.replaceFirst("\\s*(##.*|/\\*.*\\*/)$", "");
                if (code.isEmpty() || t.startsWith("#") || t.startsWith("/*")) {
                    continue;
                }
                String word = code.split("[\\s;{]", 2)[0];
                boolean ends = code.endsWith(";") || code.endsWith("{") || code.equals("}");
                boolean known = depth > 0 || TOP.contains(word) || code.equals("}");
                depth += code.endsWith("{") ? 1 : code.equals("}") ? -1 : 0;
                if (!ends || !known || depth < 0) {
                    return "terminal:" + (i + 1) + ":(" + (lines.get(i).indexOf(word) + 1) + ") syntax error: " + word
                            + "\n  [edit]\n    '" + word + "'\n    syntax error\nload complete (1 errors)\n";
                }
            }
            if (depth != 0) {
                return "terminal:" + lines.size() + ":(1) syntax error: missing '}'\nload complete (1 errors)\n";
            }
            candidate = String.join("\n", lines) + "\n";
            return "load complete\n";
        }

        private String stamped(String config) {
            String body = config.lines().filter(l -> !l.startsWith("## Last commit:"))
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
            return "## Last commit: " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.now()) + " by " + user + "\n" + body;
        }
    }
}
