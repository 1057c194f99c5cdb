package io.cfgvault.jobs;

import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.settings.Configuration;
import io.cfgvault.ssh.ConfigFetcher;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backs up devices over SSH with a bounded pool, each through the {@link DeviceBackup} pipeline (fetch -> judge
 * -> decide -> store -> record). Options are resolved once per device here and carried into its fetch. One
 * device's failure or hang never affects another's: each has a deadline and a failure is its own outcome.
 */
public final class DeviceBackupService {
    /** Grace beyond a device's wall limit before the pool gives up on its thread; the fetcher normally ends first. */
    private static final Duration POOL_GRACE = Duration.ofSeconds(10);

    private final InventoryStore inventory;
    private final CredentialsResolver credentials;
    private final Profiles profiles;
    private final ConfigFetcher fetcher;
    private final ObjectStore store;
    private final Clock clock;
    private final DeviceProgress progress;
    private final DeviceBackup pipeline;

    public DeviceBackupService(InventoryStore inventory, CredentialsResolver credentials, Profiles profiles,
                               ConfigFetcher fetcher, ObjectStore store, Clock clock, DeviceProgress progress) {
        this.inventory = inventory;
        this.credentials = credentials;
        this.profiles = profiles;
        this.fetcher = fetcher;
        this.store = store;
        this.clock = clock;
        this.progress = progress;
        this.pipeline = new DeviceBackup(inventory, credentials, profiles, fetcher, store, clock);
    }

    public DeviceProgress progress() {
        return progress;
    }

    public DeviceBackupService withProgress(DeviceProgress listener) {
        return new DeviceBackupService(inventory, credentials, profiles, fetcher, store, clock, listener);
    }

    /** Backs up the given devices (already selected) and returns one outcome per device, in input order. */
    public List<JobSummary.DeviceOutcome> backupEntries(String jobId, List<InventoryStore.Entry> selected, S3Layout layout,
                                                        Configuration config) {
        return backupEntries(jobId, selected, layout, config, config.getInt(Configuration.CONCURRENCY, 32, 1, 1024));
    }

    /** Same, with {@code concurrency} devices at once (the queue worker fetches its whole batch at once). */
    public List<JobSummary.DeviceOutcome> backupEntries(String jobId, List<InventoryStore.Entry> selected, S3Layout layout,
                                                        Configuration config, int concurrency) {
        progress.total(selected.size());
        if (selected.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, selected.size()), r -> {
            Thread t = new Thread(r, "device-backup");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<JobSummary.DeviceOutcome>>();
            var limits = new ArrayList<Duration>();
            for (var entry : selected) {
                Options options = resolveOptions(entry.device(), config);   // once per device, carried into the fetch
                limits.add(options.wallLimit());
                futures.add(pool.submit(() -> backupOne(jobId, entry, layout, config, options)));
            }
            var outcomes = new ArrayList<JobSummary.DeviceOutcome>();
            Instant submitted = clock.instant();
            for (int i = 0; i < futures.size(); i++) {
                // Devices queue behind the pool, so a device's deadline counts from when a slot could free up.
                outcomes.add(await(jobId, futures.get(i), selected.get(i).device().name(), limits.get(i), submitted, selected.size(), concurrency));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private JobSummary.DeviceOutcome await(String jobId, Future<JobSummary.DeviceOutcome> future, String device, Duration wall,
                                           Instant submitted, int devices, int concurrency) {
        long rounds = (devices + concurrency - 1) / concurrency;
        Duration budget = wall.plus(POOL_GRACE).multipliedBy(rounds);
        long remaining = Math.max(1, budget.toMillis() - Duration.between(submitted, clock.instant()).toMillis());
        try {
            return future.get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            var o = JobSummary.DeviceOutcome.failed(device, DeviceStatus.TIMEOUT, "cut off: no result within the wall limit of "
                    + wall.toSeconds() + " s", new JobSummary.DeviceOutcome.Fetch(0, wall.toMillis(), 0, List.of()));
            DeviceBackup.log(jobId, "pool", o);
            progress.finished(o);
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backup interrupted", e);
        } catch (ExecutionException e) {
            var o = failed(device, DeviceStatus.FAILED, "internal error: " + e.getCause().getClass().getSimpleName());
            progress.finished(o);
            return o;
        }
    }

    private JobSummary.DeviceOutcome backupOne(String jobId, InventoryStore.Entry entry, S3Layout layout, Configuration config,
                                               Options options) {
        JobSummary.DeviceOutcome outcome;
        try {
            outcome = pipeline.run(new DeviceBackup.Run(jobId, layout, config), entry, options);
        } catch (RuntimeException e) {
            // Store or table trouble for this device: report it, keep going with the others.
            outcome = failed(entry.device().name(), DeviceStatus.FAILED, e.getMessage());
        }
        progress.finished(outcome);
        return outcome;
    }

    Options resolveOptions(Device device, Configuration config) {
        return resolveOptions(device, config, profiles.find(device.platform()).orElse(null));
    }

    /**
     * device > group > model > platform > global; group/model layers come from {@code ssh.group.<g>.<opt>} keys
     * ({@code ssh.group.dc1.jump: dmz,core-bastion} sends a whole group through jump hosts). A null profile skips
     * the platform layer.
     */
    public static Options resolveOptions(Device device, Configuration config, PlatformProfile profile) {
        return Options.resolve(device.options(), layer(config, "ssh.group." + device.group() + "."),
                layer(config, "ssh.model." + device.model() + "."), profile == null ? null : profile.options(),
                globalOptions(config));
    }

    private static Map<String, String> globalOptions(Configuration config) {
        var m = new HashMap<String, String>();
        config.get(Configuration.SSH_CONNECT_TIMEOUT).ifPresent(v -> m.put(Options.CONNECT_TIMEOUT, v));
        config.get(Configuration.SSH_TIMEOUT).ifPresent(v -> m.put(Options.IDLE_TIMEOUT, v));
        config.get(Configuration.SSH_WALL_LIMIT).ifPresent(v -> m.put(Options.WALL_LIMIT, v));
        config.get(Configuration.SSH_ATTEMPTS).ifPresent(v -> m.put(Options.MAX_ATTEMPTS, v));
        return m;
    }

    private static Map<String, String> layer(Configuration config, String prefix) {
        return config.withPrefix(prefix);
    }

    static JobSummary.DeviceOutcome failed(String device, DeviceStatus status, String error) {
        return JobSummary.DeviceOutcome.failed(device, status, error, JobSummary.DeviceOutcome.Fetch.NONE);
    }
}
