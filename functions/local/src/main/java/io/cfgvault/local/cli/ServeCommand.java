package io.cfgvault.local.cli;

import io.cfgvault.config.Profiles;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.JobResumer;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.LocalRuntime;
import io.cfgvault.local.serve.ApiBridge;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cfgvault serve}: the HTTP API on 127.0.0.1 over the embedded environment, with the device queue
 * worker running, so that {@code curl} works end to end. Runs until interrupted (Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API on 127.0.0.1 (same ApiHandler as in AWS) with the embedded environment and queue worker.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", defaultValue = ".cfgvault", description = "Embedded environment data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--inventory", description = "Inventory YAML whose devices are imported at start and whose credentials "
            + "the device worker uses (without it, devices added over the API have no credentials locally).")
    Path inventory;

    @Option(names = "--profiles", description = "Directory of platform profile YAML files that add to or override the built-ins.")
    Path profilesDir;

    @Option(names = "--quiet", description = "Do not print a line per request.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        InventoryFile file = inventory == null ? null : InventoryFile.read(inventory);
        Profiles profiles = profilesDir == null ? Profiles.builtin() : Profiles.builtin().withDirectory(profilesDir);
        String caller = "local:" + System.getProperty("user.name", "unknown");
        EmbeddedAws aws = EmbeddedAws.start(dataDir);
        LocalRuntime runtime = null;
        ApiBridge bridge = null;
        try {
            var credentials = file == null
                    ? new FileCredentials(Map.of(), System.getenv(), aws.dataDir())
                    : new FileCredentials(file.credentials(), System.getenv(), inventory.toAbsolutePath().getParent());
            runtime = LocalRuntime.start(aws, credentials, profiles).startTicker();
            if (file != null) {
                runtime.services().inventory().upsert(file.devices());
                System.out.printf("inventory: %d devices from %s%n", file.devices().size(), inventory);
            }
            // ElasticMQ keeps messages in memory: after a kill, running jobs get their devices without a result back.
            for (var resumed : JobResumer.resume(runtime.services().jobStore(), runtime.services().deviceQueue().orElseThrow())) {
                System.out.printf("resumed job %s: %d devices re-queued%n", resumed.jobId(), resumed.devices().size());
            }
            bridge = ApiBridge.start(new ApiHandler(runtime.services()), port, caller, quiet ? null : System.out);
        } catch (Exception | Error e) {
            closeAll(bridge, runtime, aws);
            throw e;
        }
        System.out.println("embedded environment in " + aws.dataDir() + " (DynamoDB Local, S3Proxy, ElasticMQ on 127.0.0.1)");
        System.out.println("cfgvault API on " + bridge.uri() + " as " + caller + "; try: curl " + bridge.uri() + "/devices");
        System.out.println("cfgvault console on " + bridge.uri() + "/console/ (open it in a browser on this machine)");
        System.out.println("Ctrl-C stops it.");
        var stopped = new CountDownLatch(1);
        final ApiBridge b = bridge;
        final LocalRuntime r = runtime;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(b, r, aws);
            stopped.countDown();
        }, "serve-shutdown"));
        stopped.await();
        return 0;
    }

    private static void closeAll(ApiBridge bridge, LocalRuntime runtime, EmbeddedAws aws) {
        if (bridge != null) {
            bridge.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        aws.close();
    }
}
