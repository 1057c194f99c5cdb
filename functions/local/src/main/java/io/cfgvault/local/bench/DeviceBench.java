package io.cfgvault.local.bench;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.JschConfigFetcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Device backup benchmark (scripts/bench-devices). Two processes, so that client CPU is measured apart from the
 * simulated devices:
 * <pre>
 *   DeviceBench farm   DIR N SEED      starts N cisco_ios-like devices (20-200 KB configs), writes DIR/devices.tsv
 *                                      and a client key pair, prints "ready", runs until stdin closes
 *   DeviceBench client DIR C1,C2,...   fetches every device at each concurrency with cfgvault's JSch fetcher
 *                                      (exec and shell mode) and with OpenSSH's ssh client (exec), prints figures
 * </pre>
 * Both clients use the same key and the same algorithms (curve25519-sha256, ecdsa-sha2-nistp256,
 * aes128-gcm@openssh.com) and verify that each device's output has the expected byte count.
 */
public final class DeviceBench {
    private static final String USER = "bench";
    private static final String KEX = "curve25519-sha256";
    private static final String HOSTKEY = "ecdsa-sha2-nistp256";
    private static final String CIPHER = "aes128-gcm@openssh.com";

    private record Target(String name, int port, int bytes) {}

    private record Phase(String client, int concurrency, int devices, int ok, double seconds, long[] millis, double cpuMillis) {
        double perSecond() {
            return devices / seconds;
        }

        long pct(double p) {
            long[] s = millis.clone();
            Arrays.sort(s);
            return s[(int) Math.round(p * (s.length - 1))];
        }
    }

    private DeviceBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("farm")) {
            farm(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        } else if (args.length >= 3 && args[0].equals("client")) {
            client(Path.of(args[1]), Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray(),
                    args.length > 3 ? args[3] : "jsch-exec,jsch-shell,openssh-exec");
        } else {
            System.err.println("usage: DeviceBench farm DIR N SEED | DeviceBench client DIR C1,C2,... [clients]");
            System.exit(64);
        }
    }

    // ---------------------------------------------------------------- farm process

    private static void farm(Path dir, int n, long seed) throws Exception {
        Files.createDirectories(dir);
        KeyPair key = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
        Path prv = dir.resolve("client_key");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        key.writePrivateKey(out);
        Files.deleteIfExists(prv);
        Files.createFile(prv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(prv, out.toByteArray());
        out.reset();
        key.writePublicKey(out, "bench");
        String pub = out.toString(StandardCharsets.US_ASCII).trim();

        Random r = new Random(seed);
        List<SimDevice> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "bench-%04d", i);
            int size = 20_000 + r.nextInt(180_001);
            devices.add(new SimDevice(name, "cisco_ios", USER, "unused-" + seed, SimConfigs.generate("cisco_ios", name, size, seed),
                    Fault.NONE, pub, null));
        }
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), devices)) {
            StringBuilder tsv = new StringBuilder();
            long total = 0;
            for (SimDevice d : devices) {
                int bytes = farm.config(d.name()).getBytes(StandardCharsets.UTF_8).length;
                total += bytes;
                tsv.append(d.name()).append('\t').append(farm.port(d.name())).append('\t').append(bytes).append('\n');
            }
            Files.writeString(dir.resolve("devices.tsv"), tsv);
            System.out.printf(Locale.ROOT, "farm: %d devices, %.1f MB of config (%d-%d KB each)%n", n, total / 1e6, 20, 200);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the script closes our stdin
            }
        }
    }

    // ---------------------------------------------------------------- client process

    private static void client(Path dir, int[] concurrencies, String clients) throws Exception {
        List<Target> targets = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("devices.tsv"))) {
            String[] f = line.split("\t");
            targets.add(new Target(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        String key = Files.readString(dir.resolve("client_key"));
        Path keyFile = dir.resolve("client_key");
        List<String> which = List.of(clients.split(","));
        boolean haveSsh = which.contains("openssh-exec") && sshAvailable();

        // warm up the JIT and the page cache; not reported
        run("jsch-exec", targets.subList(0, Math.min(40, targets.size())), 4, key, keyFile);
        run("jsch-shell", targets.subList(0, Math.min(20, targets.size())), 4, key, keyFile);
        if (haveSsh) {
            run("openssh-exec", targets.subList(0, Math.min(8, targets.size())), 4, key, keyFile);
        }

        System.out.printf(Locale.ROOT, "%-13s %5s %10s %8s %8s %12s %9s%n",
                "client", "conc", "devices/s", "p50 ms", "p99 ms", "CPU ms/dev", "ok");
        List<Phase> all = new ArrayList<>();
        for (int c : concurrencies) {
            for (String client : which) {
                if (client.startsWith("openssh") && !haveSsh) {
                    continue;
                }
                Phase p = run(client, targets, c, key, keyFile);
                all.add(p);
                System.out.printf(Locale.ROOT, "%-13s %5d %10.1f %8d %8d %12.1f %5d/%d%n", p.client(), c, p.perSecond(),
                        p.pct(0.50), p.pct(0.99), p.cpuMillis() / p.devices(), p.ok(), p.devices());
                System.out.flush();
            }
        }
        if (haveSsh) {
            System.out.println();
            for (int c : concurrencies) {
                Optional<Phase> j = all.stream().filter(p -> p.concurrency() == c && p.client().equals("jsch-exec")).findFirst();
                Optional<Phase> s = all.stream().filter(p -> p.concurrency() == c && p.client().equals("openssh-exec")).findFirst();
                if (j.isPresent() && s.isPresent()) {
                    System.out.printf(Locale.ROOT, "concurrency %2d: cfgvault (JSch, exec) = %.2fx OpenSSH throughput, %.2fx its CPU per device%n",
                            c, j.get().perSecond() / s.get().perSecond(),
                            (j.get().cpuMillis() / j.get().devices()) / (s.get().cpuMillis() / s.get().devices()));
                }
            }
        }
    }

    private static Phase run(String client, List<Target> targets, int concurrency, String key, Path keyFile) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long[] millis = new long[targets.size()];
        boolean[] ok = new boolean[targets.size()];
        double cpu0 = client.startsWith("openssh") ? childCpuMillis() : processCpuMillis();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                int idx = i;
                Target t = targets.get(i);
                futures.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    int bytes = switch (client) {
                        case "jsch-exec" -> jsch(t, key, true);
                        case "jsch-shell" -> jsch(t, key, false);
                        case "openssh-exec" -> openssh(t, keyFile);
                        default -> throw new IllegalArgumentException("unknown client " + client);
                    };
                    millis[idx] = (System.nanoTime() - s) / 1_000_000;
                    ok[idx] = bytes == t.bytes();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (client.startsWith("openssh") ? childCpuMillis() : processCpuMillis()) - cpu0;
        int good = 0;
        for (boolean b : ok) {
            good += b ? 1 : 0;
        }
        return new Phase(client, concurrency, targets.size(), good, seconds, millis, cpu);
    }

    private static final JschConfigFetcher FETCHER = new JschConfigFetcher();
    private static final PlatformProfile SHELL = Profiles.builtin().require("cisco_ios");
    private static final PlatformProfile EXEC = Profiles.parse("""
            name: cisco_ios_exec
            mode: exec
            backup: {commands: [show running-config], endMarker: '^end$'}
            errors: ['^% Invalid input']
            """, "bench");

    private static int jsch(Target t, String key, boolean exec) {
        Device d = new Device(t.name(), DeviceFarm.HOST, t.port(), "cisco_ios", "sim", "bench", "bench", true,
                Optional.empty(), Map.of("kex", KEX, "hostKeyAlgorithms", HOSTKEY, "ciphers", CIPHER));
        Credentials c = new Credentials(USER, Optional.empty(), Optional.of(key), Optional.empty(), Optional.empty());
        FetchResult r = FETCHER.fetch(new FetchRequest(d, c, exec ? EXEC : SHELL, Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(120), 3));
        return r.ok() ? r.output().getBytes(StandardCharsets.UTF_8).length : -1;
    }

    private static int openssh(Target t, Path keyFile) {
        try {
            Process p = new ProcessBuilder("ssh", "-F", "/dev/null", "-p", String.valueOf(t.port()), "-i", keyFile.toString(),
                    "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "LogLevel=ERROR", "-o", "KexAlgorithms=" + KEX, "-o", "HostKeyAlgorithms=" + HOSTKEY,
                    "-o", "Ciphers=" + CIPHER, "-o", "ConnectTimeout=20", USER + "@" + DeviceFarm.HOST, "show running-config")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            int n;
            try (InputStream in = p.getInputStream()) {
                n = in.readAllBytes().length;
            }
            return p.waitFor() == 0 ? n : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean sshAvailable() {
        try {
            Process p = new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            System.out.println("openssh: " + v);
            return true;
        } catch (IOException | InterruptedException e) {
            System.out.println("openssh: ssh client not found; skipping the comparison");
            return false;
        }
    }

    private static double processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    /** CPU of waited-for child processes (the ssh clients): cutime + cstime from /proc/self/stat, in ms. */
    private static double childCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "(comm) ": state is f[0]; utime=f[11], stime=f[12], cutime=f[13], cstime=f[14]
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10.0;   // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
