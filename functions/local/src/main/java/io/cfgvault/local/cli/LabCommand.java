package io.cfgvault.local.cli;

import io.cfgvault.local.lab.Lab;
import io.cfgvault.local.lab.LabClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cfgvault lab}: simulated devices to try every command against, in the foreground; its subcommands change
 * the running lab from another terminal.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run the demo's simulated devices in the foreground and write an inventory file for them.",
                "From another terminal: lab status | fault DEVICE MODE | change DEVICE [TEXT] | rotate-key DEVICE."},
        subcommands = {LabCommand.Status.class, LabCommand.FaultCmd.class, LabCommand.Change.class, LabCommand.RotateKey.class})
final class LabCommand implements Callable<Integer> {
    static final String DEFAULT_DIR = ".cfgvault-lab";

    @Option(names = "--dir", defaultValue = DEFAULT_DIR,
            description = "Lab directory: inventory.yaml, host keys, ports, control file (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--devices", defaultValue = "6", description = "How many devices (default: ${DEFAULT-VALUE}: "
            + "core-sw-01, dist-sw-01, dist-sw-02 (cisco_ios), edge-rtr-01 (juniper_junos), leaf-01, leaf-02 (arista_eos); "
            + "more repeat these platforms).")
    int devices;

    @Option(names = "--faults", split = ",", paramLabel = "DEVICE=MODE", description = "Start with these faults, e.g. "
            + "dist-sw-02=cut-mid-config. Modes: none, hang-after-login, slow-output, cut-mid-config, invalid-input, "
            + "wrong-password, legacy-algorithms-only.")
    List<String> faults = List.of();

    @Override
    public Integer call() throws Exception {
        var faultMap = Lab.parseFaults(faults);
        Lab lab = Lab.start(dir, devices, faultMap, System.out);
        Path inv = relative(lab.inventoryFile());
        System.out.println(lab.status());
        System.out.println();
        System.out.println("inventory: " + inv);
        System.out.println("try, in another terminal:");
        System.out.println("  scripts/cfgvault backup --inventory " + inv);
        System.out.println("  scripts/cfgvault lab change core-sw-01        # change a config; the next backup stores a new version");
        System.out.println("  scripts/cfgvault lab fault leaf-01 slow-output # or none, cut-mid-config, wrong-password, ...");
        System.out.println("  scripts/cfgvault serve --inventory " + inv);
        System.out.println("Ctrl-C stops the lab.");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            stopped.countDown();
        }, "lab-shutdown"));
        stopped.await();
        return 0;
    }

    private static Path relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p) : p;
    }

    /** Shared by the subcommands: send one action to the running lab and print its answer. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        LabCommand parent;

        @Option(names = "--dir", description = "Directory of the running lab (default: " + DEFAULT_DIR + ").")
        Path dir;

        int send(String method, String action, Map<String, String> params) throws Exception {
            System.out.println(LabClient.of(dir != null ? dir : parent.dir).call(method, action, params));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "List the running lab's devices, ports and faults.")
    static final class Status extends Action {
        @Override
        public Integer call() throws Exception {
            return send("GET", "status", Map.of());
        }
    }

    @Command(name = "fault", mixinStandardHelpOptions = true, description = "Give a device of the running lab a fault (none heals it).")
    static final class FaultCmd extends Action {
        @Parameters(index = "0", description = "Device name.")
        String device;

        @Parameters(index = "1", description = "none, hang-after-login, slow-output, cut-mid-config, invalid-input, "
                + "wrong-password or legacy-algorithms-only.")
        String mode;

        @Override
        public Integer call() throws Exception {
            Lab.parseFault(mode);   // a typo fails here with the list of modes, before any connection
            return send("POST", "fault", Map.of("device", device, "mode", mode));
        }
    }

    @Command(name = "change", mixinStandardHelpOptions = true,
            description = "Change a device's config (its SNMP location line), as an operator would.")
    static final class Change extends Action {
        @Parameters(index = "0", description = "Device name.")
        String device;

        @Parameters(index = "1", arity = "0..1", description = "The new location text (default: a timestamped one).")
        String text;

        @Override
        public Integer call() throws Exception {
            var params = new LinkedHashMap<String, String>();
            params.put("device", device);
            params.put("text", text);
            return send("POST", "change", params);
        }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Give a device a new SSH host key, as if it had been replaced (backups then fail until `cfgvault trust`).")
    static final class RotateKey extends Action {
        @Parameters(index = "0", description = "Device name.")
        String device;

        @Override
        public Integer call() throws Exception {
            return send("POST", "rotate-key", Map.of("device", device));
        }
    }
}
