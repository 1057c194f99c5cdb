package io.cfgvault.local.sim;

import java.util.Locale;

/** What each simulated CLI says: prompts, banner, and the answer to a command line. */
final class SimCli {
    enum Kind { NOTHING, TEXT, BACKUP, UNKNOWN, EXIT, ENABLE, PAGER_OFF }

    record Answer(Kind kind, String text) {}

    private SimCli() {
    }

    /** Junos on a dual-RE chassis shows the RE state on the line above every prompt, as here. */
    static String prompt(DeviceState d, String user, boolean privileged) {
        return d.junos() ? "{master:0}\r\n" + user + "@" + d.name + "> " : d.name + (privileged ? "#" : ">");
    }

    /**
     * Login banner in two parts: the first ends in the middle of a line with something that looks like a prompt,
     * so a client that takes the first prompt-like text for the prompt is caught out.
     */
    static String[] banner(DeviceState d) {
        String bar = "#".repeat(62);
        String looksLikePrompt = d.junos() ? "admin@" + d.name + ">" : d.name + "#";
        return new String[] {
            "\r\n" + bar + "\r\n# Authorised access only. All sessions are logged.            #\r\n" + looksLikePrompt,
            " <- this banner line is not a prompt\r\n# Contact: noc@example.net  >  #  >  #                       #\r\n" + bar + "\r\n\r\n"
        };
    }

    static String pagerPrompt(DeviceState d, int percent) {
        return d.junos() ? "---(more " + percent + "%)---" : " --More-- ";
    }

    static String pagerErase(DeviceState d) {
        return d.junos() ? "\r" + " ".repeat(40) + "\r" : "\b".repeat(10) + " ".repeat(10) + "\b".repeat(10);
    }

    static String error(DeviceState d) {
        return d.junos() ? "                       ^\nunknown command.\n"
                : "                          ^\n% Invalid input detected at '^' marker.\n\n";
    }

    /**
     * {@code show startup-config} as IOS and EOS print it: the saved config under the header the platform puts on
     * its startup config instead of the running config's.
     */
    static String startupConfig(DeviceState d) {
        String saved = d.startup();
        if (d.flavour.equals("arista_eos")) {
            return saved.replaceFirst("(?m)^! Command: show running-config$", "! Command: show startup-config\n"
                    + "! Startup-config last modified at Mon Nov 30 09:12:44 2026 by admin");
        }
        String body = saved.replaceFirst("\\ABuilding configuration\\.\\.\\.\n\n?Current configuration : \\d+ bytes\n", "");
        return "Using " + body.length() + " out of 262144 bytes\n" + body;
    }

    static Answer answer(DeviceState d, String rawLine) {
        String line = rawLine.strip().replaceAll("\\s+", " ");
        String l = line.toLowerCase(Locale.ROOT);
        if (l.isEmpty()) {
            return new Answer(Kind.NOTHING, "");
        }
        if (l.equals("exit") || l.equals("logout") || l.equals("quit")) {
            return new Answer(Kind.EXIT, "");
        }
        if (d.junos()) {
            if (l.equals("set cli screen-length 0")) {
                return new Answer(Kind.PAGER_OFF, "Screen length set to 0\n");
            }
            if (l.startsWith("set cli screen-width")) {
                return new Answer(Kind.TEXT, "Screen width set to " + line.substring(line.lastIndexOf(' ') + 1) + "\n");
            }
            if (l.equals("show configuration") || l.startsWith("show configuration |")) {
                return new Answer(Kind.BACKUP, "");
            }
            if (l.equals("show version")) {
                return new Answer(Kind.TEXT, "Hostname: " + d.name + "\nModel: mx204\nJunos: 20.4R3.8\n");
            }
            return new Answer(Kind.UNKNOWN, error(d));
        }
        if (l.equals("terminal length 0")) {
            return new Answer(Kind.PAGER_OFF, "");
        }
        if (l.startsWith("terminal width") || l.startsWith("terminal length")) {
            return new Answer(Kind.NOTHING, "");
        }
        if (l.equals("enable")) {
            return new Answer(Kind.ENABLE, "");
        }
        if (d.flavour.equals("arista_eos") && l.matches("configure session [\\w\\-]+ commit")) {
            // confirms a "commit timer" of that session
            return d.confirm(line.split(" ")[2]) ? new Answer(Kind.NOTHING, "")
                    : new Answer(Kind.TEXT, "% Invalid input (no commit timer pending for session " + line.split(" ")[2] + ")\n");
        }
        if (l.equals("write memory") || l.equals("copy running-config startup-config")) {
            d.save();
            return new Answer(Kind.TEXT, "Building configuration...\n[OK]\n");
        }
        if (l.equals("show startup-config") || l.equals("show start")) {
            return new Answer(Kind.TEXT, startupConfig(d));
        }
        if (l.equals("show running-config") || l.equals("show run") || l.equals("show running")) {
            return new Answer(Kind.BACKUP, "");
        }
        if (l.equals("show version")) {
            return new Answer(Kind.TEXT, d.flavour.equals("arista_eos")
                    ? "Arista DCS-7050SX3-48YC8\nSoftware image version: 4.28.3M\n"
                    : "Cisco IOS XE Software, Version 17.09.04a\n" + d.name + " uptime is 12 weeks, 3 days\n");
        }
        return new Answer(Kind.UNKNOWN, error(d));
    }
}
