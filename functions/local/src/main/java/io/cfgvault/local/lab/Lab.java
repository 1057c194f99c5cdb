package io.cfgvault.local.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.sim.DemoFarm;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code cfgvault lab}: the demo's simulated devices, kept running, with an inventory file for them and a control
 * endpoint on 127.0.0.1 through which another terminal ({@code cfgvault lab fault|change|rotate-key|status}) sets
 * faults, changes configs and replaces host keys while the lab runs.
 *
 * <p>Files in the lab directory: {@code inventory.yaml} (for {@code --inventory}), {@code control} (port and a
 * random token; only the owner can read it), {@code ports.properties} and {@code hostkeys/} (kept across restarts,
 * so the inventory and the pinned host keys stay valid).
 */
public final class Lab implements AutoCloseable {
    public static final String CREDENTIALS = "lab";

    private final Path dir;
    private final DeviceFarm farm;
    private final HttpServer control;
    private final String token;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Integer> changes = new ConcurrentHashMap<>();
    private final PrintStream log;

    private Lab(Path dir, DeviceFarm farm, Map<String, Fault> initialFaults, PrintStream log) throws IOException {
        this.dir = dir;
        this.farm = farm;
        this.log = log;
        this.faults.putAll(initialFaults);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        this.control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        control.createContext("/", this::handle);
        control.setExecutor(null);
    }

    /** Starts {@code devices} simulated devices with the given faults, writes the inventory and control files. */
    public static Lab start(Path dir, int devices, Map<String, Fault> faults, PrintStream log) throws IOException {
        Path abs = Files.createDirectories(dir.toAbsolutePath().normalize());
        DeviceFarm farm = DemoFarm.start(abs, devices, faults);
        Lab lab = null;
        try {
            lab = new Lab(abs, farm, faults, log);
            lab.writeInventory();
            lab.control.start();
            lab.writeControlFile();
            return lab;
        } catch (IOException | RuntimeException e) {
            if (lab != null) {
                lab.close();
            } else {
                farm.close();
            }
            throw e;
        }
    }

    public Path inventoryFile() {
        return dir.resolve("inventory.yaml");
    }

    public Path dir() {
        return dir;
    }

    public DeviceFarm farm() {
        return farm;
    }

    public List<Device> devices() {
        return DemoFarm.inventory(farm);
    }

    public Fault fault(String device) {
        return faults.getOrDefault(device, Fault.NONE);
    }

    /** The fault names the command line accepts: the enum's names in lower case with hyphens. */
    public static String faultName(Fault f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault parseFault(String name) {
        for (Fault f : Fault.values()) {
            if (faultName(f).equals(name.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; use one of "
                + java.util.Arrays.stream(Fault.values()).map(Lab::faultName).toList());
    }

    /** Parses {@code DEVICE=FAULT,DEVICE=FAULT}. */
    public static Map<String, Fault> parseFaults(List<String> specs) {
        Map<String, Fault> out = new HashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--faults '" + spec + "' must be DEVICE=FAULT, e.g. dist-sw-02=cut-mid-config");
            }
            out.put(spec.substring(0, eq).trim(), parseFault(spec.substring(eq + 1)));
        }
        return out;
    }

    /** Sets a device's fault (none heals it). */
    public void setFault(String device, Fault fault) {
        farm.setFault(device, fault);
        faults.put(device, fault);
    }

    /**
     * Changes the device's configuration as an operator would (its SNMP location line), so that the next backup
     * stores a new version and a restore has something to undo.
     */
    public String change(String device, String text) {
        String config = farm.config(device);
        int n = changes.merge(device, 1, Integer::sum);
        String value = text == null || text.isBlank() ? "changed in the lab (" + n + ") at " + Instant.now() : text.trim();
        String changed = config.replaceFirst("(?m)^snmp-server location .*$", java.util.regex.Matcher.quoteReplacement(
                        "snmp-server location " + value))
                .replaceFirst("(?m)^    location \".*\";$", java.util.regex.Matcher.quoteReplacement(
                        "    location \"" + value.replace("\"", "'") + "\";"));
        farm.setConfig(device, changed);
        return value;
    }

    public void rotateHostKey(String device) {
        farm.rotateHostKey(device);
    }

    private void writeInventory() throws IOException {
        var b = new StringBuilder();
        b.append("# Written by `cfgvault lab` at ").append(Instant.now()).append(": its simulated devices on 127.0.0.1,\n")
                .append("# reachable while the lab runs. The inline password suits simulated devices only; for real ones use\n")
                .append("# passwordEnv or privateKeyFile (see README).\n")
                .append("credentials:\n  ").append(CREDENTIALS).append(": {username: ").append(DemoFarm.USERNAME)
                .append(", password: ").append(DemoFarm.PASSWORD).append("}\n")
                .append("devices:\n");
        for (Device d : devices()) {
            b.append("  - {name: ").append(d.name()).append(", host: ").append(d.host()).append(", port: ").append(d.port())
                    .append(", platform: ").append(d.platform()).append(", model: ").append(d.model())
                    .append(", group: ").append(d.group()).append(", credentials: ").append(CREDENTIALS).append("}\n");
        }
        writeAtomically(inventoryFile(), b.toString());
    }

    private void writeControlFile() throws IOException {
        Path f = dir.resolve("control");
        Path tmp = dir.resolve("control.tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, "port=" + control.getAddress().getPort() + "\ntoken=" + token + "\n");
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeAtomically(Path f, String text) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---------------------------------------------------------------- control endpoint

    private void handle(HttpExchange ex) throws IOException {
        int status;
        String body;
        try (ex) {
            if (!token.equals(ex.getRequestHeaders().getFirst("X-Lab-Token"))) {
                status = 403;
                body = "wrong or missing lab token; use `cfgvault lab ... --dir` pointing at the running lab's directory";
            } else {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                try {
                    body = switch (ex.getRequestMethod() + " " + ex.getRequestURI().getPath()) {
                        case "GET /status" -> status();
                        case "POST /fault" -> {
                            Fault f = parseFault(required(q, "mode"));
                            setFault(required(q, "device"), f);
                            yield q.get("device") + ": fault " + faultName(f);
                        }
                        case "POST /change" -> {
                            String device = required(q, "device");
                            yield device + ": snmp location is now \"" + change(device, q.get("text")) + "\"";
                        }
                        case "POST /rotate-key" -> {
                            rotateHostKey(required(q, "device"));
                            yield q.get("device") + ": new host key " + farm.hostKey(q.get("device")).split(" ")[0];
                        }
                        default -> throw new UnknownAction("no such lab action " + ex.getRequestURI().getPath());
                    };
                    status = 200;
                    if (!ex.getRequestMethod().equals("GET")) {
                        log.println("lab: " + body);
                    }
                } catch (IllegalArgumentException | UnknownAction e) {
                    status = 400;
                    body = e.getMessage();
                }
            }
            byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    /** A missing parameter or action; answered with 400. */
    private static final class UnknownAction extends RuntimeException {
        UnknownAction(String message) {
            super(message);
        }
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        return v;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** One line per device: name, platform, port, fault. */
    public String status() {
        var b = new StringBuilder(String.format("%-16s %-16s %-8s %-7s %s%n", "DEVICE", "PLATFORM", "MODEL", "PORT", "FAULT"));
        for (Device d : devices()) {
            b.append(String.format("%-16s %-16s %-8s %-7d %s%n", d.name(), d.platform(), d.model(), d.port(), faultName(fault(d.name()))));
        }
        return b.toString().stripTrailing();
    }

    @Override
    public void close() {
        control.stop(0);
        try {
            Files.deleteIfExists(dir.resolve("control"));
        } catch (IOException ignored) {
            // a stale control file only makes clients say the lab is not running
        }
        farm.close();
    }
}
