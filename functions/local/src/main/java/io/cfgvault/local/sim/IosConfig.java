package io.cfgvault.local.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Cisco-style running config as the device keeps it: top-level commands, each with its indented sub-commands,
 * edited the way IOS and EOS edit it in configuration mode. A line merges into the config: an existing command is
 * left alone, a new one is added next to its kind, a single-valued one ({@code hostname}, {@code description}) is
 * replaced, and {@code no <command>} removes it. Unknown commands are refused with the CLI's error, as a device
 * refuses a typo. Mutable; one instance per configuration session or commit.
 */
final class IosConfig {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC' EEE MMM d yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** First words a top-level command may start with; anything else is a typo the device refuses. */
    private static final Set<String> KNOWN = Set.of("aaa", "access-list", "alias", "archive", "banner", "boot", "cdp", "class-map",
            "clock", "control-plane", "crypto", "daemon", "dot1x", "enable", "errdisable", "event", "hardware", "hostname", "interface",
            "ip", "ipv6", "lldp", "line", "license", "logging", "management", "mac", "mpls", "ntp", "policy-map", "port-channel",
            "platform", "radius", "radius-server", "redundancy", "route-map", "router", "service", "snmp-server", "spanning-tree",
            "system", "tacacs", "tacacs-server", "transceiver", "username", "version", "vlan", "vrf", "vtp", "end", "exit");

    /** Commands that hold one value: entering a new value replaces the old line instead of adding a second one. */
    private static final List<String> SINGLE = List.of("hostname ", "version ", "enable secret ", "ip domain name ", "snmp-server location ",
            "description ", "ip address ", "switchport mode ", "switchport access vlan ", "name ", "router-id ", "transport input ");

    /** A top-level command and its sub-commands (with their leading space, as printed). */
    record Section(String head, List<String> children) {
        Section(String head) {
            this(head, new ArrayList<>());
        }
    }

    private final String flavour;
    private final List<Section> sections = new ArrayList<>();
    /** Built up from empty (EOS rollback clean-config): commands keep the order they are entered in. */
    private boolean inEnteredOrder;
    private Section current;

    private IosConfig(String flavour) {
        this.flavour = flavour;
    }

    /** Parses a running config as {@code show running-config} prints it; comments, banners and "end" are dropped. */
    static IosConfig parse(String flavour, String text) {
        IosConfig c = new IosConfig(flavour);
        Section open = null;
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("!") || t.equals("end") || t.startsWith("Building configuration")
                    || t.startsWith("Current configuration :")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && open != null) {
                open.children().add(line);
            } else {
                open = new Section(line);
                c.sections.add(open);
            }
        }
        return c;
    }

    /** An empty config (EOS {@code rollback clean-config}). */
    static IosConfig empty(String flavour) {
        IosConfig c = new IosConfig(flavour);
        c.inEnteredOrder = true;
        return c;
    }

    IosConfig copy() {
        IosConfig c = new IosConfig(flavour);
        sections.forEach(s -> c.sections.add(new Section(s.head(), new ArrayList<>(s.children()))));
        return c;
    }

    /** The configuration sub-mode the last command entered, for the prompt: "config-if", "config-router" or "config". */
    String mode() {
        if (current == null) {
            return "config";
        }
        String h = current.head();
        if (h.startsWith("interface ")) {
            return "config-if";
        }
        if (h.startsWith("router ")) {
            return "config-router";
        }
        if (h.startsWith("line ")) {
            return "config-line";
        }
        if (h.startsWith("ip access-list ")) {
            return "config-ext-nacl";
        }
        if (h.startsWith("vlan ")) {
            return "config-vlan";
        }
        return "config";
    }

    /** Leaves the sub-mode ("exit" inside an interface). */
    void exitSubMode() {
        current = null;
    }

    boolean inSubMode() {
        return current != null;
    }

    /**
     * Applies one configuration line. Empty when accepted; otherwise the CLI's error text, and nothing changed.
     */
    Optional<String> apply(String rawLine) {
        // trailing blanks are part of a command (a description can end in a space) and are kept, as IOS does
        String line = rawLine.replace("\r", "");
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("!")) {
            return Optional.empty();
        }
        boolean child = Character.isWhitespace(line.charAt(0));
        if (child && current != null) {
            applyChild(current, line);
            return Optional.empty();
        }
        // a top-level command leaves any sub-mode, as IOS's parser falls back to the global level
        current = null;
        boolean negate = t.startsWith("no ");
        String cmd = negate ? t.substring(3).strip() : t;
        String first = cmd.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(first)) {
            return Optional.of(error(line));
        }
        if (negate) {
            sections.removeIf(s -> matches(s.head().strip(), cmd));
            return Optional.empty();
        }
        for (Section s : sections) {
            if (s.head().strip().equals(cmd)) {
                current = s;
                return Optional.empty();
            }
        }
        Section fresh = new Section(line.strip().equals(cmd) && line.endsWith(" ") ? line.stripLeading() : cmd);
        for (String single : SINGLE) {
            if (cmd.startsWith(single)) {
                for (int i = 0; i < sections.size(); i++) {
                    if (sections.get(i).head().startsWith(single)) {
                        sections.set(i, fresh);
                        current = fresh;
                        return Optional.empty();
                    }
                }
            }
        }
        // next to the last command of its kind (all interfaces together), or at the end
        int at = sections.size();
        for (int i = sections.size() - 1; i >= 0 && !inEnteredOrder; i--) {
            if (sections.get(i).head().split(" ", 2)[0].equalsIgnoreCase(first)) {
                at = i + 1;
                break;
            }
        }
        sections.add(at, fresh);
        current = fresh;
        return Optional.empty();
    }

    private static void applyChild(Section s, String line) {
        String t = line.strip();
        if (t.startsWith("no ")) {
            String cmd = t.substring(3).strip();
            boolean removed = s.children().removeIf(c -> matches(c.strip(), cmd));
            // "no switchport", "no shutdown": a negative setting is itself a line of the config
            if (!removed && s.children().stream().noneMatch(c -> c.strip().equals(t))) {
                s.children().add(line);
            }
            return;
        }
        s.children().removeIf(c -> c.strip().equals("no " + t));
        String indented = line;
        if (s.children().stream().anyMatch(c -> c.equals(line) || c.strip().equals(t) && c.length() == line.length())) {
            return;
        }
        for (String single : SINGLE) {
            if (t.startsWith(single)) {
                for (int i = 0; i < s.children().size(); i++) {
                    if (s.children().get(i).strip().startsWith(single)) {
                        s.children().set(i, indented);
                        return;
                    }
                }
            }
        }
        s.children().add(indented);
    }

    /** "no X" matches the command X itself or any command that continues it by whole words. */
    private static boolean matches(String command, String negated) {
        return command.equals(negated) || command.startsWith(negated + " ");
    }

    private String error(String line) {
        // the caret sits under the first character of the offending word, after the prompt
        return " ".repeat(Math.max(0, line.length() - line.stripLeading().length())) + "^\n% Invalid input detected at '^' marker.\n\n";
    }

    /** The config as {@code show running-config} prints it, with the volatile header of the flavour. */
    String render(String name, Instant changedAt) {
        StringBuilder body = new StringBuilder();
        for (Section s : sections) {
            body.append(s.head()).append('\n');
            s.children().forEach(c -> body.append(c).append('\n'));
            if (!s.children().isEmpty()) {
                body.append("!\n");
            }
        }
        body.append("end\n");
        if (flavour.equals("arista_eos")) {
            return "! Command: show running-config\n! Time: " + TIME.format(changedAt) + "\n" + body;
        }
        String head = "!\n! Last configuration change at " + TIME.format(changedAt) + " by admin\n!\n";
        return "Building configuration...\n\nCurrent configuration : " + (head.length() + body.length()) + " bytes\n" + head + body;
    }
}
