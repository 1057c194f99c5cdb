package io.cfgvault.jobs;

import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.settings.Configuration;
import io.cfgvault.ssh.ConfigFetcher;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ConfigDiff;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backs up devices over SSH with a bounded pool. Per device: fetch, reject anything incomplete (kept under
 * {@code failed/} for diagnosis, never in {@code latest/}), detect change on the normalised config, write
 * {@code archive/} then {@code latest/} only on change, prune old archive copies, and record the outcome in the
 * inventory table. One device's failure or hang never affects another's.
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

    public DeviceBackupService(InventoryStore inventory, CredentialsResolver credentials, Profiles profiles,
                               ConfigFetcher fetcher, ObjectStore store, Clock clock, DeviceProgress progress) {
        this.inventory = inventory;
        this.credentials = credentials;
        this.profiles = profiles;
        this.fetcher = fetcher;
        this.store = store;
        this.clock = clock;
        this.progress = progress;
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
        progress.total(selected.size());
        if (selected.isEmpty()) {
            return List.of();
        }
        int concurrency = config.getInt(Configuration.CONCURRENCY, 32, 1, 1024);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, selected.size()), r -> {
            Thread t = new Thread(r, "device-backup");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<JobSummary.DeviceOutcome>>();
            var limits = new ArrayList<Duration>();
            for (var entry : selected) {
                Duration wall = resolveOptions(entry.device(), config).wallLimit();
                limits.add(wall);
                futures.add(pool.submit(() -> backupOne(jobId, entry, layout, config)));
            }
            var outcomes = new ArrayList<JobSummary.DeviceOutcome>();
            Instant submitted = clock.instant();
            for (int i = 0; i < futures.size(); i++) {
                // Devices queue behind the pool, so a device's deadline counts from when a slot could free up.
                outcomes.add(await(futures.get(i), selected.get(i).device().name(), limits.get(i), submitted, selected.size(), concurrency));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private JobSummary.DeviceOutcome await(Future<JobSummary.DeviceOutcome> future, String device, Duration wall,
                                           Instant submitted, int devices, int concurrency) {
        long rounds = (devices + concurrency - 1) / concurrency;
        Duration budget = wall.plus(POOL_GRACE).multipliedBy(rounds);
        long remaining = Math.max(1, budget.toMillis() - Duration.between(submitted, clock.instant()).toMillis());
        try {
            return future.get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            var o = failed(device, "timeout", "cut off: no result within the wall limit of " + wall.toSeconds() + " s", 0, wall.toMillis(), 0);
            progress.finished(o);
            return o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backup interrupted", e);
        } catch (ExecutionException e) {
            var o = failed(device, "failed", "internal error: " + e.getCause().getClass().getSimpleName(), 0, 0, 0);
            progress.finished(o);
            return o;
        }
    }

    private JobSummary.DeviceOutcome backupOne(String jobId, InventoryStore.Entry entry, S3Layout layout, Configuration config) {
        JobSummary.DeviceOutcome outcome;
        try {
            outcome = attempt(jobId, entry, layout, config);
        } catch (RuntimeException e) {
            // Store or table trouble for this device: report it, keep going with the others.
            outcome = failed(entry.device().name(), "failed", e.getMessage(), 0, 0, 0);
        }
        progress.finished(outcome);
        return outcome;
    }

    private JobSummary.DeviceOutcome attempt(String jobId, InventoryStore.Entry entry, S3Layout layout, Configuration config) {
        Device device = entry.device();
        DeviceState previous = entry.state();
        Instant started = clock.instant();
        Optional<PlatformProfile> profile = profiles.find(device.platform());
        if (profile.isEmpty()) {
            return record(jobId, device, previous, started, failed(device.name(), "failed", "unknown platform '" + device.platform()
                    + "'; known platforms: " + String.join(", ", profiles.names()), 0, 0, 0));
        }
        Credentials creds;
        try {
            creds = credentials.resolve(device);
        } catch (RuntimeException e) {
            return record(jobId, device, previous, started, failed(device.name(), "failed", e.getMessage(), 0, 0, 0));
        }
        Options options = resolveOptions(device, config, profile.get());
        FetchResult result = fetcher.fetch(new FetchRequest(options.applyTo(device), creds, profile.get(),
                options.connectTimeout(), options.idleTimeout(), options.wallLimit(), options.maxAttempts()));
        long duration = result.durationMillis();
        if (device.hostKey().isEmpty()) {
            result.hostKey().ifPresent(key -> inventory.pinHostKey(device.name(), key));
        }
        String output = result.output() == null ? "" : result.output();
        if (!result.ok()) {
            String error = scrub(result.error().orElse(result.status().name()), creds);
            keepForDiagnosis(layout, device, result, output, error);
            var f = failed(device.name(), result.status().name().toLowerCase(java.util.Locale.ROOT), error, output.length(), duration, result.attempts());
            return record(jobId, device, previous, started, withTrace(f, result));
        }
        Optional<String> incomplete = profile.get().incompleteReason(output);
        if (incomplete.isPresent()) {
            String error = "incomplete output: " + scrub(incomplete.get(), creds);
            keepForDiagnosis(layout, device, result, output, error);
            return record(jobId, device, previous, started, failed(device.name(), "incomplete", error, output.length(), duration, result.attempts()));
        }
        int maxShrink = config.getInt(Configuration.MAX_SHRINK, 50, 0, 100);
        long bytes = output.getBytes(StandardCharsets.UTF_8).length;
        if (previous.sha256().isPresent() && previous.bytes() > 0 && maxShrink < 100
                && bytes < previous.bytes() * (100 - maxShrink) / 100) {
            String error = "config shrank from " + previous.bytes() + " to " + bytes + " bytes (more than " + maxShrink
                    + "%, configuration key " + Configuration.MAX_SHRINK + "); kept the previous copy";
            keepForDiagnosis(layout, device, result, output, error);
            return record(jobId, device, previous, started, failed(device.name(), "incomplete", error, bytes, duration, result.attempts()));
        }
        String stored = config.getBool(Configuration.MASK_SECRETS, false) ? profile.get().maskSecrets(output) : output;
        String sha = sha256(profile.get().normalise(output));
        String latestKey = layout.latestDevice(device.name());
        boolean changed = !previous.sha256().equals(Optional.of(sha)) || store.head(latestKey).isEmpty();
        Instant fetchedAt = clock.instant();
        Instant versionAt = versionTime(fetchedAt, previous);
        String archiveKey = null;
        var history = new BackupHistory(store, layout);
        ConfigDiff diff = ConfigDiff.between("", "");
        if (changed) {
            diff = previous.version().flatMap(v -> history.read(device.name(), BackupHistory.LATEST))
                    .map(latest -> ConfigDiff.between(latest.config(), stored)).orElse(diff);
            var doc = new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(),
                    fetchedAt, result.commands(), sha, bytes, stored);
            byte[] yaml = doc.toYaml().getBytes(StandardCharsets.UTF_8);
            var meta = Map.of("cfgvault-sha256", sha, "cfgvault-job", jobId);
            archiveKey = history.archiveKey(device.name(), BackupHistory.version(versionAt));
            store.put(archiveKey, yaml, "application/yaml", meta);
            store.put(latestKey, yaml, "application/yaml", meta);
            history.prune(device.name(), config.getInt(Configuration.RETENTION_VERSIONS, 5, 1, 100_000));
        }
        var outcome = new JobSummary.DeviceOutcome(device.name(), "ok", true, changed, bytes, duration, result.attempts(),
                null, latestKey, archiveKey, changed ? previous.version().orElse(null) : null,
                changed ? BackupHistory.version(versionAt) : previous.version().orElse(null),
                diff.added(), diff.removed(), trace(result));
        inventory.recordState(device.name(), new DeviceState(Optional.of(fetchedAt), Optional.of(fetchedAt),
                changed ? Optional.of(fetchedAt) : previous.lastChangedAt(), Optional.of(sha), bytes, "ok", Optional.empty(),
                changed ? Optional.of(BackupHistory.version(versionAt)) : previous.version(), Optional.of(jobId)));
        return outcome;
    }

    /**
     * Archive versions are stamped to the second; two changed backups of one device within a second (an API
     * run beside a scheduled one) must not overwrite each other, so a device's versions only ever increase.
     */
    static Instant versionTime(Instant fetchedAt, DeviceState previous) {
        Instant t = fetchedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Optional<Instant> last = previous.version().map(BackupHistory::parseVersion);
        return last.isPresent() && !t.isAfter(last.get()) ? last.get().plusSeconds(1) : t;
    }

    /** Failed fetches keep their state's last good sha/bytes/version so that the next run still compares against them. */
    private JobSummary.DeviceOutcome record(String jobId, Device device, DeviceState previous, Instant at, JobSummary.DeviceOutcome outcome) {
        inventory.recordState(device.name(), new DeviceState(Optional.of(at), previous.lastSuccessAt(), previous.lastChangedAt(),
                previous.sha256(), previous.bytes(), outcome.status(), Optional.ofNullable(outcome.error()), previous.version(),
                Optional.of(jobId)));
        return outcome;
    }

    private void keepForDiagnosis(S3Layout layout, Device device, FetchResult result, String output, String error) {
        if (output.isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        var doc = new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(), at,
                result.commands(), "", output.getBytes(StandardCharsets.UTF_8).length, output);
        store.put(layout.failedDevice(device.name(), at), doc.toYaml().getBytes(StandardCharsets.UTF_8), "application/yaml",
                Map.of("cfgvault-error", asciiHeader(error)));
    }

    Options resolveOptions(Device device, Configuration config) {
        return profiles.find(device.platform()).map(p -> resolveOptions(device, config, p))
                .orElseGet(() -> Options.resolve(device.options(), null, null, null, globalOptions(config)));
    }

    /** device > group > model > platform > global; group/model layers come from {@code ssh.group.<g>.<opt>} keys. */
    public static Options resolveOptions(Device device, Configuration config, PlatformProfile profile) {
        return Options.resolve(device.options(), layer(config, "ssh.group." + device.group() + "."),
                layer(config, "ssh.model." + device.model() + "."), profile.options(), globalOptions(config));
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

    static JobSummary.DeviceOutcome failed(String device, String status, String error, long bytes, long millis, int attempts) {
        return new JobSummary.DeviceOutcome(device, status, false, false, bytes, millis, attempts, error, null, null,
                null, null, 0, 0, List.of());
    }

    private static JobSummary.DeviceOutcome withTrace(JobSummary.DeviceOutcome o, FetchResult result) {
        return new JobSummary.DeviceOutcome(o.device(), o.status(), o.ok(), o.changed(), o.bytes(), o.durationMillis(), o.attempts(),
                o.error(), o.latestKey(), o.archiveKey(), o.previousVersion(), o.version(), o.linesAdded(), o.linesRemoved(), trace(result));
    }

    private static List<String> trace(FetchResult result) {
        return result.trace() == null ? List.of()
                : result.trace().stream().map(t -> "+" + t.atMillis() + "ms " + t.step() + (t.detail() == null || t.detail().isEmpty() ? "" : " " + t.detail())).toList();
    }

    /** Defence in depth: whatever produced the message, no credential value leaves this class. */
    static String scrub(String message, Credentials creds) {
        String out = message;
        for (String secret : creds.secrets()) {
            if (secret.length() >= 3) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private static String asciiHeader(String s) {
        String ascii = s.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() > 512 ? ascii.substring(0, 512) : ascii;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
