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

    private record Spec(String name, String flavour, String model, String group, int bytes) {}

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
        Path portsFile = stateDir.resolve("ports.properties");
        var ports = new java.util.Properties();
        if (java.nio.file.Files.exists(portsFile)) {
            try (var in = java.nio.file.Files.newBufferedReader(portsFile)) {
                ports.load(in);
            }
        }
        DeviceFarm farm = DeviceFarm.start(stateDir, List.of());
        try {
            for (Spec s : SPECS) {
                var d = SimDevice.healthy(s.name(), s.flavour(), USERNAME, PASSWORD, s.bytes());
                int port = farm.add(s.name().equals(FAULTY) ? d.withFault(Fault.CUT_MID_CONFIG) : d,
                        Integer.parseInt(ports.getProperty(s.name(), "0")));
                ports.setProperty(s.name(), Integer.toString(port));
            }
            try (var out = java.nio.file.Files.newBufferedWriter(portsFile)) {
                ports.store(out, "ports of the demo's simulated devices");
            }
        } catch (IOException | RuntimeException e) {
            farm.close();
            throw e;
        }
        return farm;
    }

    /** The demo's one credentials entry, inline as a local inventory file may give it. */
    public static CredentialsResolver credentials(Path baseDir) {
        return new FileCredentials(Map.of(CREDENTIALS, InventoryFile.CredentialSpec.inline(CREDENTIALS, USERNAME, PASSWORD)),
                Map.of(), baseDir);
    }

    public static List<Device> inventory(DeviceFarm farm) {
        return SPECS.stream().map(s -> new Device(s.name(), farm.host(), farm.port(s.name()), s.flavour(), s.model(), s.group(),
                CREDENTIALS, true, Optional.empty(), Map.of())).toList();
    }
}
