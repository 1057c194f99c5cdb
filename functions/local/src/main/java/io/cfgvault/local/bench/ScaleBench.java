package io.cfgvault.local.bench;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.cost.Assumptions;
import io.cfgvault.cost.CostModel;
import io.cfgvault.cost.DeployedDefaults;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.tables.TableNames;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scale run: one job of many simulated devices through the queue path (orchestrator, ElasticMQ, poller with the
 * deployed batch size, DeviceBackupWorker, DynamoDB Local, S3Proxy), every device answering after a fixed network
 * delay. Reports wall time, devices/s, worker invocations and their durations (overlap: an invocation lasts about one
 * delay, not batch x delay), and projects the wall time on AWS with the deployed worker concurrency.
 * Args: devices, delay ms, local concurrent invocations, config bytes.
 */
public final class ScaleBench {
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int batch = DeployedDefaults.WORKER_BATCH_SIZE;
        if (!Long.valueOf(delay).equals(Long.getLong("cfgvault.sim.delayMillis", -1))) {
            throw new IllegalStateException("start with -Dcfgvault.sim.delayMillis=" + delay + " (scripts/bench-scale does)");
        }
        Path dir = Files.createTempDirectory("cfgvault-bench-scale");
        var sims = new ArrayList<SimDevice>();
        for (int i = 0; i < devices; i++) {
            String n = String.format("scale-%05d", i);
            sims.add(new SimDevice(n, "cisco_ios", USER, PASSWORD, SimConfigs.generate("cisco_ios", n, bytes, i), Fault.NONE));
        }
        long t0 = System.nanoTime();
        try (EmbeddedAws aws = EmbeddedAws.start(dir.resolve("aws"));
             DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), sims);
             Services services = queued(aws, dir)) {
            System.out.printf("%,d simulated cisco_ios devices (~%d KB configs, %d ms network delay each) started in %.0f s; %d cores%n",
                    devices, bytes / 1000, delay, (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
            List<Device> inventory = sims.stream().map(s -> new Device(s.name(), farm.host(), farm.port(s.name()), "cisco_ios",
                    "C9300", "bench", "lab", true, Optional.empty(),
                    // A shared 2-core box can take many seconds per SSH handshake under load; the bench measures
                    // overlap, not timeouts, so it gives the handshake room.
                    Map.of("connectTimeout", "60s", "idleTimeout", "60s"))).toList();
            long tInventory = System.nanoTime();
            loadInventory(services, inventory);
            System.out.printf("inventory of %,d devices written in %.0f s; load average %s%n", devices,
                    (System.nanoTime() - tInventory) / 1e9, LoadAverage.now());
            try (var poller = new QueuePoller(services.sqsClient(), services.settings().queueUrl().orElseThrow(),
                    new DeviceBackupWorker(services.deviceWorker()), batch, 600, workers).start()) {
                var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                var workerCpu = new WorkerCpu(threads).start();
                var load = new LoadAverage().start();
                var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long processCpu0 = process.getProcessCpuTime();
                long allocated0 = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                BackupJobs.JobStart job = services.backupJobs().start(new JobRequest(Trigger.API, Instant.now(), false, true,
                        JobRequest.DeviceSelector.all(), "bench"));
                double orchestrator = (System.nanoTime() - start) / 1e9;
                long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;
                JobRecord record;
                long lastPrint = System.nanoTime();
                do {
                    Thread.sleep(500);
                    record = services.jobStore().get(job.jobId()).orElseThrow();
                    if (System.nanoTime() - lastPrint > 30e9) {
                        lastPrint = System.nanoTime();
                        System.out.printf("  %.0f s: %,d of %,d devices%n", (lastPrint - start) / 1e9, record.done(), devices);
                    }
                } while (!record.finished());
                double wall = (System.nanoTime() - start) / 1e9;
                long processCpu = process.getProcessCpuTime() - processCpu0;
                load.stop();
                var stats = poller.stats();
                System.out.printf("job %s: %s, %,d done, %,d failed%n", record.id(), record.status(), record.done(), record.failed());
                if (record.failed() > 0) {
                    var reasons = new java.util.TreeMap<String, Integer>();
                    for (var r : services.jobStore().deviceResults(record.id())) {
                        if (!Boolean.TRUE.equals(r.get("ok"))) {
                            String e = String.valueOf(r.get("error"));
                            reasons.merge(r.get("status") + ": " + (e.length() > 80 ? e.substring(0, 80) : e), 1, Integer::sum);
                        }
                    }
                    reasons.forEach((k, v) -> System.out.printf("  %,d x %s%n", v, k));
                }
                System.out.printf("orchestrator: %.1f s to export tables and queue %,d devices (allocated %.1f MB, %.0f bytes a device)%n",
                        orchestrator, devices, allocated / 1e6, (double) allocated / devices);
                System.out.printf("local wall time %.0f s, %.1f devices/s, %d concurrent invocations x batch %d%n",
                        wall, devices / wall, workers, batch);
                System.out.printf("worker invocations: %,d (%.1f devices each), mean %.2f s, longest %.2f s; a device's network delay is"
                                + " %.2f s, so one invocation overlapped %.1f devices on average%n", stats.invocations(),
                        (double) stats.messages() / stats.invocations(), stats.meanSeconds(), stats.longestSeconds(), delay / 1000.0,
                        (double) stats.messages() / stats.invocations() * (delay / 1000.0) / stats.meanSeconds());
                int concurrency = DeployedDefaults.WORKER_CONCURRENCY;
                double waves = Math.ceil(Math.ceil((double) devices / batch) / concurrency);
                System.out.printf("projected on AWS (workerConcurrency %d, batch %d): %.0f waves x %.2f s (measured mean invocation)"
                                + " + %.1f s orchestrator = %.0f s%n", concurrency, batch, waves, stats.meanSeconds(), orchestrator,
                        waves * stats.meanSeconds() + orchestrator);
                var model = Assumptions.defaults(devices);
                var bill = CostModel.estimate(new Assumptions(devices, model.runsPerMonth(), model.changesPerMonth(), delay / 1000.0,
                        model.memoryMb(), model.batch(), model.parallelPerInvocation(), model.workerConcurrency(), model.cpuMsPerDevice(),
                        model.invocationOverheadSeconds(), model.orchestratorSecondsPerRun(), model.orchestratorMsPerDevice(),
                        model.configKb(), model.writeUnitsPerDevice(), model.readUnitsPerDevice(), model.s3RequestsUnchanged(),
                        model.s3PutsChanged(), model.s3GetsChanged(), model.s3PutsPerRun(), model.s3GetsPerRun(), model.logBytesPerDevice(),
                        model.logBytesPerInvocation(), model.resultBytesPerDevice(), model.jobTtlDays(), model.secrets(),
                        model.credentialsCacheMinutes(), model.alarms(), model.logRetentionDays(), model.versionsKept(),
                        model.retentionVersions(), model.tracedFraction(), model.kms()));
                System.out.printf("cost model's projection for the same job: %.0f s%n", bill.projectedJobSeconds());
                workerCpu.stop();
                System.out.printf("worker CPU (pollers, device pools, JSch session threads; sampled every 100 ms): %.1f ms a device%n",
                        workerCpu.totalNanos() / 1e6 / devices);
                System.out.printf("process CPU during the job (farm, embedded AWS and worker together): %.1f ms a device;"
                                + " the process got %.2f of the %d cores%n", processCpu / 1e6 / devices, processCpu / 1e9 / wall,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("machine load average (1 min) during the job, sampled every 10 s: %s%n", load.summary());
            }
        }
    }

    /** Writes the inventory in chunks from a few threads: 10,000 one-by-one upserts took minutes before the job began. */
    private static void loadInventory(Services services, List<Device> inventory) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < inventory.size(); i += 100) {
                var chunk = inventory.subList(i, Math.min(inventory.size(), i + 100));
                futures.add(pool.submit(() -> services.inventory().upsert(chunk)));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The machine's 1-minute load average (/proc/loadavg), sampled: other builds share this machine, and the figures
     * only mean something next to the load they ran under.
     */
    private static final class LoadAverage {
        private final List<Double> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private Thread sampler;

        static String now() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (java.io.IOException | RuntimeException e) {
                return "unknown";
            }
        }

        LoadAverage start() {
            sampler = new Thread(() -> {
                while (running) {
                    String one = now().split(" ")[0];
                    if (!one.equals("unknown")) {
                        samples.add(Double.parseDouble(one));
                    }
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-sampler");
            sampler.setDaemon(true);
            sampler.start();
            return this;
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.interrupt();
            sampler.join();
        }

        String summary() {
            if (samples.isEmpty()) {
                return "unknown";
            }
            var stats = samples.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            return String.format("min %.1f, mean %.1f, max %.1f (%d samples); now %s", stats.getMin(), stats.getAverage(),
                    stats.getMax(), stats.getCount(), now());
        }
    }

    /** CPU time of the worker's threads, sampled: the highest reading seen per thread, summed. */
    private static final class WorkerCpu {
        private final java.lang.management.ThreadMXBean threads;
        private final Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread sampler;

        WorkerCpu(java.lang.management.ThreadMXBean threads) {
            this.threads = threads;
        }

        WorkerCpu start() {
            sampler = new Thread(() -> {
                while (running) {
                    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                        if (info != null && worker(info.getThreadName())) {
                            long cpu = threads.getThreadCpuTime(info.getThreadId());
                            if (cpu > 0) {
                                seen.merge(info.getThreadId(), cpu, Math::max);
                            }
                        }
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
            return this;
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }

        long totalNanos() {
            return seen.values().stream().mapToLong(Long::longValue).sum();
        }

        private static boolean worker(String name) {
            return name.startsWith("queue-poller") || name.startsWith("device-backup") || name.startsWith("Connect thread")
                    || name.startsWith("cfgvault-ssh");
        }
    }

    private static Services queued(EmbeddedAws aws, Path dir) {
        var settings = aws.settings().withTablePrefix("scale-").withBucket("scale");
        var plain = new Services(settings);
        String url = plain.sqsClient().createQueue(b -> b.queueName("scale")
                .attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "600"))).queueUrl();
        plain.close();
        var finalSettings = settings.withQueueUrl(url);
        var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", USER, PASSWORD)), Map.of(), dir);
        var services = Services.builder(finalSettings).devices(creds, Profiles.builtin()).build();
        EmbeddedAws.createTables(services.dynamo(), new TableNames(finalSettings.tablePrefix()));
        services.s3().createBucket(b -> b.bucket(finalSettings.bucket()));
        return services;
    }
}
