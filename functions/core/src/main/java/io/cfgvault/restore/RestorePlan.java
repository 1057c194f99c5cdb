package io.cfgvault.restore;

import io.cfgvault.config.PlatformProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs a restore sends, built from the profile's {@code restore:} block: for {@code line-by-line} the stored
 * lines in configuration mode with {@code no} for what the running config has in excess (IOS merges, so a restore
 * that only sent the stored lines would leave a rogue user in place); for {@code replace} the whole stored config
 * into an emptied candidate, then a commit, with a timer when {@code confirmed}.
 */
final class RestorePlan {
    private RestorePlan() {
    }

    /** The commands of the push; {@code session} names an EOS configuration session. */
    static List<String> push(PlatformProfile profile, String running, String target, String session, boolean confirmed) {
        PlatformProfile.Restore how = profile.restore();
        var commands = new ArrayList<String>();
        add(commands, fill(how.enter(), how, session));
        if (how.lineByLine()) {
            commands.addAll(lineByLine(profile, running, target));
            add(commands, how.exit());
            add(commands, how.save());
            return commands;
        }
        add(commands, how.clear());
        List<String> lines = RestoreService.pushLines(profile, target);
        if (how.load().isBlank()) {
            commands.addAll(lines);
        } else {
            commands.add(how.load() + "\n" + String.join("\n", lines) + "\n\u0004");
        }
        boolean timer = confirmed && !how.commitConfirmed().isBlank();
        add(commands, fill(timer ? how.commitConfirmed() : how.commit(), how, session));
        add(commands, how.exit());
        if (!timer) {
            add(commands, how.save());
        }
        return commands;
    }

    /** What confirms a confirmed commit after verification (empty when the push committed for good). */
    static List<String> confirm(PlatformProfile profile, String session) {
        PlatformProfile.Restore how = profile.restore();
        if (!how.replace() || how.commitConfirmed().isBlank()) {
            return List.of();
        }
        var commands = new ArrayList<String>();
        how.confirm().forEach(c -> add(commands, fill(c, how, session)));
        add(commands, how.save());
        return commands;
    }

    /**
     * Line-by-line inputs that turn {@code running} into {@code target}: top-level commands the target lacks are
     * removed with {@code no}, sub-commands the target lacks are removed inside their section, then the target's
     * lines are sent as stored.
     */
    static List<String> lineByLine(PlatformProfile profile, String running, String target) {
        Map<String, List<String>> have = sections(RestoreService.pushLines(profile, running));
        Map<String, List<String>> want = sections(RestoreService.pushLines(profile, target));
        var out = new ArrayList<String>();
        for (String head : have.keySet()) {
            if (!want.containsKey(head)) {
                out.add("no " + head);
            }
        }
        for (var e : want.entrySet()) {
            out.add(e.getKey());
            List<String> extra = new ArrayList<>(have.getOrDefault(e.getKey(), List.of()));
            Set<String> wanted = new LinkedHashSet<>(e.getValue().stream().map(String::strip).toList());
            Set<String> kinds = new LinkedHashSet<>(e.getValue().stream().map(RestorePlan::kind).toList());
            // a sub-command the stored config sets too (description, ip address) is overwritten by it, not removed:
            // "no description" first would make the device print the new one elsewhere, or drop it on some platforms
            extra.removeIf(c -> wanted.contains(c.strip()) || kinds.contains(kind(c)));
            for (String c : extra) {
                String indent = c.substring(0, c.length() - c.stripLeading().length());
                out.add(indent + "no " + c.strip());
            }
            out.addAll(e.getValue());
        }
        return out;
    }

    /** The keyword a sub-command sets: its first word, or two for families such as "ip address", "switchport mode". */
    private static String kind(String line) {
        String[] w = line.strip().split("\\s+");
        return w.length > 1 && Set.of("ip", "ipv6", "no", "switchport", "spanning-tree", "standby", "vrrp").contains(w[0])
                ? w[0] + " " + w[1] : w[0];
    }

    /** Top-level commands (comments left out) with their indented sub-commands, in order. */
    private static Map<String, List<String>> sections(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> open = null;
        for (String l : lines) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("!")) {
                continue;
            }
            if (Character.isWhitespace(l.charAt(0)) && open != null) {
                open.add(l);
            } else {
                open = out.computeIfAbsent(t, k -> new ArrayList<>());
            }
        }
        return out;
    }

    private static String fill(String command, PlatformProfile.Restore how, String session) {
        int m = how.confirmMinutes();
        return command.replace("{session}", session).replace("{minutes}", Integer.toString(m))
                .replace("{timer}", String.format("%02d:%02d:00", m / 60, m % 60));
    }

    private static void add(List<String> commands, String command) {
        if (!command.isBlank()) {
            commands.add(command);
        }
    }
}
