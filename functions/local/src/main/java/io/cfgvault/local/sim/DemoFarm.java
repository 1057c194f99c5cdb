package io.cfgvault.local.sim;

import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The handful of simulated devices the demo backs up: three vendors, sizes from 2 KB to 200 KB, one faulty. */
public final class DemoFarm {
    public static final String CREDENTIALS = "demo";
    public static final String USERNAME = "netops";
    public static final String PASSWORD = "demo-password";
    public static final String FAULTY = "dist-sw-02";
    public static final String FAULT_DESCRIPTION = "its session drops mid-config";

    private DemoFarm() {}

    /** One simulated device: name, platform (simulator flavour), model, group and config size. */
    public record Spec(String name, String flavour, String model, String group, int bytes) {}

    private static final List<Spec> SPECS = List.of(
            new Spec("core-sw-01", "cisco_ios", "C9500", "campus", 200_000),
            new Spec("dist-sw-01", "cisco_ios", "C9300", "campus", 40_000),
            new Spec(FAULTY, "cisco_ios", "C9300", "campus", 40_000),
            new Spec("edge-rtr-01", "juniper_junos", "MX204", "wan", 60_000),
            new Spec("leaf-01", "arista_eos", "7050X3", "dc", 20_000),
            new Spec("leaf-02", "arista_eos", "7050X3", "dc", 2_000));

    /**
     * Starts the demo devices on the ports of the previous run when they are free, so that the inventory (and
     * with it the inventory table export) stays the same from run to run.
     */
    public static DeviceFarm start(Path stateDir) throws IOException {
        return start(stateDir, SPECS.size(), Map.of(FAULTY, Fault.CUT_MID_CONFIG));
    }

    /**
     * Starts {@code devices} simulated devices: the demo's six, then more of the same platforms ({@code access-sw-07},
     * {@code edge-rtr-08}, ...), each with its fault from {@code faults} (healthy when absent). Ports are kept in
     * {@code stateDir/ports.properties} and reused when free, host keys under {@code stateDir/hostkeys}.
     */
    public static DeviceFarm start(Path stateDir, int devices, Map<String, Fault> faults) throws IOException {
        List<Spec> specs = specs(devices);
        for (String name : faults.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("no simulated device named '" + name + "'; the devices are "
                        + specs.stream().map(Spec::name).toList());
            }
        }
        java.nio.file.Files.createDirectories(stateDir);
        Path portsFile = stateDir.resolve("ports.properties");
        var ports = new java.util.Properties();
        if (java.nio.file.Files.exists(portsFile)) {
            try (var in = java.nio.file.Files.newBufferedReader(portsFile)) {
                ports.load(in);
            }
        }
        DeviceFarm farm = DeviceFarm.start(stateDir, List.of());
        try {
            for (Spec s : specs) {
                var d = SimDevice.healthy(s.name(), s.flavour(), USERNAME, PASSWORD, s.bytes());
                int port = farm.add(d.withFault(faults.getOrDefault(s.name(), Fault.NONE)),
                        Integer.parseInt(ports.getProperty(s.name(), "0")));
                ports.setProperty(s.name(), Integer.toString(port));
            }
            try (var out = java.nio.file.Files.newBufferedWriter(portsFile)) {
                ports.store(out, "ports of the simulated devices");
            }
        } catch (IOException | RuntimeException e) {
            farm.close();
            throw e;
        }
        return farm;
    }

    /** The first {@code n} device specs: the demo's six, then the same platforms again with numbered names. */
    private static List<Spec> specs(int n) {
        if (n < 1 || n > 5_000) {
            throw new IllegalArgumentException("--devices must be from 1 to 5000, not " + n);
        }
        var out = new java.util.ArrayList<Spec>();
        for (int i = 0; i < n; i++) {
            if (i < SPECS.size()) {
                out.add(SPECS.get(i));
            } else {
                Spec like = SPECS.get(i % SPECS.size());
                String prefix = switch (like.flavour()) {
                    case "juniper_junos" -> "edge-rtr";
                    case "arista_eos" -> "leaf";
                    default -> "access-sw";
                };
                out.add(new Spec(String.format("%s-%02d", prefix, i + 1), like.flavour(), like.model(), like.group(), 20_000));
            }
        }
        return out;
    }

    /** The demo's one credentials entry, inline as a local inventory file may give it. */
    public static CredentialsResolver credentials(Path baseDir) {
        return new FileCredentials(Map.of(CREDENTIALS, InventoryFile.CredentialSpec.inline(CREDENTIALS, USERNAME, PASSWORD)),
                Map.of(), baseDir);
    }

    /** One inventory entry per device of the farm, in the order they were started. */
    public static List<Device> inventory(DeviceFarm farm) {
        var names = new java.util.HashSet<>(farm.names());
        return specs(names.size()).stream().filter(s -> names.contains(s.name())).map(s -> new Device(s.name(), farm.host(), farm.port(s.name()), s.flavour(), s.model(), s.group(),
                CREDENTIALS, true, Optional.empty(), Map.of())).toList();
    }
}
