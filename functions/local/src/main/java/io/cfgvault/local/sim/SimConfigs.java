package io.cfgvault.local.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic device configs for the simulator, 1 KB to a few MB. The body depends only on (flavour, device, size,
 * seed); the volatile lines (last change time, NVRAM stamp, ntp clock-period, commit stamp) change on every call,
 * so change detection can be tested: two calls differ raw but are equal once normalised.
 */
public final class SimConfigs {
    private static final AtomicLong CALLS = new AtomicLong();
    private static final DateTimeFormatter CISCO_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC' EEE MMM d yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JUNOS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SimConfigs() {
    }

    public static String generate(String flavour, String device, int approxBytes, long seed) {
        Instant stamp = Instant.now().plusSeconds(CALLS.incrementAndGet());
        Random r = new Random(seed ^ device.hashCode() * 31L ^ flavour.hashCode());
        return switch (flavour) {
            case "cisco_ios" -> cisco(device, approxBytes, r, stamp, false);
            case "arista_eos" -> cisco(device, approxBytes, r, stamp, true);
            case "juniper_junos" -> junos(device, approxBytes, r, stamp);
            default -> throw new IllegalArgumentException("Unknown simulator flavour '" + flavour + "'");
        };
    }

    private static String cisco(String device, int approxBytes, Random r, Instant stamp, boolean arista) {
        StringBuilder body = new StringBuilder(approxBytes + 4096);
        if (arista) {
            body.append("! device: ").append(device).append(" (DCS-7050SX3-48YC8, EOS-4.28.3M)\n!\n");
            body.append("! boot system flash:/EOS-4.28.3M.swi\n!\n");
        } else {
            body.append("version 17.9\nservice timestamps debug datetime msec\nservice timestamps log datetime msec\n");
            body.append("service password-encryption\nplatform punt-keepalive disable-kernel-core\n!\n");
        }
        body.append("hostname ").append(device).append("\n!\n");
        body.append(arista ? "username admin privilege 15 role network-admin secret sha512 $6$Xy12$" + hex(r, 40) + "\n"
                : "enable secret 9 $9$" + hex(r, 14) + "$" + hex(r, 43) + "\n");
        body.append("!\naaa new-model\naaa authentication login default group tacacs+ local\n!\n");
        body.append("ip domain name example.net\nip name-server 10.0.0.53 10.0.1.53\n!\n");
        body.append("snmp-server community ").append(hex(r, 12)).append(" RO 99\n");
        body.append("snmp-server location Zürich DC-2, Hall ÄÖÜ\n!\n");
        body.append("ntp server 10.0.0.123 prefer\n");
        int vlans = 10 + r.nextInt(20);
        for (int v = 1; v <= vlans; v++) {
            body.append("vlan ").append(v * 10).append("\n name ").append(pick(r, "users", "voice", "mgmt", "servers", "printers", "iot"))
                    .append('-').append(v).append("\n!\n");
        }
        int port = 1;
        int acl = 100;
        while (body.length() < approxBytes - 300) {
            if (r.nextInt(3) > 0) {
                body.append("interface ").append(arista ? "Ethernet" : "GigabitEthernet1/0/").append(port).append('\n');
                body.append(" description ").append(pick(r, "uplink to", "server", "AP", "printer", "desk"))
                        .append(' ').append(device).append('-').append(port).append(r.nextInt(10) == 0 ? " " : "").append('\n');
                if (r.nextBoolean()) {
                    body.append(" switchport mode access\n switchport access vlan ").append(10 * (1 + r.nextInt(vlans))).append('\n');
                    body.append(" spanning-tree portfast\n");
                } else {
                    body.append(" no switchport\n ip address 10.").append(r.nextInt(256)).append('.').append(r.nextInt(256))
                            .append('.').append(1 + r.nextInt(250)).append(" 255.255.255.252\n");
                    body.append(" ip ospf network point-to-point\n");
                }
                body.append("!\n");
                port++;
            } else {
                body.append("ip access-list extended ACL-").append(acl++).append('\n');
                int n = 5 + r.nextInt(20);
                for (int i = 1; i <= n; i++) {
                    body.append(' ').append(i * 10).append(r.nextInt(5) == 0 ? " deny   " : " permit ")
                            .append(pick(r, "tcp", "udp", "ip")).append(" 10.").append(r.nextInt(256)).append('.')
                            .append(r.nextInt(256)).append(".0 0.0.0.255 host 192.0.2.").append(r.nextInt(256))
                            .append(r.nextBoolean() ? " eq " + (1 + r.nextInt(65535)) : "").append('\n');
                }
                body.append("!\n");
            }
        }
        body.append("router ospf 1\n router-id 10.255.0.").append(r.nextInt(256)).append("\n passive-interface default\n!\n");
        body.append("line vty 0 15\n transport input ssh\n!\nend\n");
        String head;
        if (arista) {
            head = "! Command: show running-config\n! Time: " + CISCO_TIME.format(stamp) + "\n";
        } else {
            String volatileHead = "!\n! Last configuration change at " + CISCO_TIME.format(stamp) + " by admin\n"
                    + "! NVRAM config last updated at " + CISCO_TIME.format(stamp.minusSeconds(3600)) + " by admin\n!\n";
            body.insert(body.indexOf("hostname"), "ntp clock-period " + (36028797018963968L + (stamp.getEpochSecond() % 1000)) + "\n");
            int bytes = body.length() + volatileHead.length();
            head = "Building configuration...\n\nCurrent configuration : " + bytes + " bytes\n" + volatileHead;
        }
        return head + body;
    }

    private static String junos(String device, int approxBytes, Random r, Instant stamp) {
        StringBuilder b = new StringBuilder(approxBytes + 4096);
        b.append("## Last commit: ").append(JUNOS_TIME.format(stamp)).append(" by admin\n");
        b.append("version 20.4R3.8;\nsystem {\n    host-name ").append(device).append(";\n");
        b.append("    root-authentication {\n        encrypted-password \"$6$").append(hex(r, 8)).append('$').append(hex(r, 60))
                .append("\"; ## SECRET-DATA\n    }\n");
        b.append("    location \"Zürich DC-2\";\n    services {\n        ssh {\n            root-login deny;\n        }\n        netconf {\n            ssh;\n        }\n    }\n");
        b.append("    syslog {\n        host 10.0.0.10 {\n            any notice;\n        }\n    }\n    ntp {\n        server 10.0.0.123 prefer;\n    }\n}\n");
        b.append("interfaces {\n");
        int unit = 0;
        while (b.length() < approxBytes - 600) {
            b.append("    ge-0/0/").append(unit).append(" {\n        description \"").append(pick(r, "to core", "customer", "peering", "server"))
                    .append(' ').append(unit).append("\";\n        unit 0 {\n            family inet {\n                address 10.")
                    .append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(1 + r.nextInt(250))
                    .append("/30;\n            }\n");
            if (r.nextBoolean()) {
                b.append("            family inet6 {\n                address 2001:db8:").append(Integer.toHexString(r.nextInt(65536)))
                        .append("::1/64;\n            }\n");
            }
            b.append("        }\n    }\n");
            unit++;
        }
        b.append("}\nprotocols {\n    ospf {\n        area 0.0.0.0 {\n            interface ge-0/0/0.0;\n        }\n    }\n    lldp {\n        interface all;\n    }\n}\n");
        b.append("snmp {\n    community ").append(hex(r, 10)).append(" {\n        authorization read-only;\n    }\n}\n");
        return b.toString();
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String hex(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./";
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
