package io.cfgvault.jobs;

import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.JumpHosts;
import io.cfgvault.jobs.JobSummary.DeviceOutcome;
import io.cfgvault.settings.Configuration;
import io.cfgvault.ssh.ConfigFetcher;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.ssh.Hop;
import io.cfgvault.ssh.JumpRoute;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ConfigDiff;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backing up one device, as named steps read top to bottom: {@link #fetch} (profile, credentials, SSH, first host
 * key pinned) -> {@link #judge} (complete, not shrunk) -> {@link #decide} (masked, hashed, changed?) ->
 * {@link #store} (archive, latest, prune) -> {@link #record} (device state). A fetch rejected by a step is kept
 * under {@code failed/} for diagnosis (never in {@code latest/}) and recorded as the device's failure.
 */
final class DeviceBackup {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceBackup.class);
    private final InventoryStore inventory;
    private final CredentialsResolver credentials;
    private final Profiles profiles;
    private final ConfigFetcher fetcher;
    private final ObjectStore store;
    private final Clock clock;

    DeviceBackup(InventoryStore inventory, CredentialsResolver credentials, Profiles profiles, ConfigFetcher fetcher,
                 ObjectStore store, Clock clock) {
        this.inventory = inventory;
        this.credentials = credentials;
        this.profiles = profiles;
        this.fetcher = fetcher;
        this.store = store;
        this.clock = clock;
    }

    /** What every device of one job shares. */
    record Run(String jobId, S3Layout layout, Configuration config) {}

    /** A complete fetch: what was asked and what came back. */
    private record Fetched(Device device, PlatformProfile profile, Credentials creds, FetchResult result, String output) {
        DeviceOutcome.Fetch summary(long bytes, boolean withTrace) {
            return new DeviceOutcome.Fetch(bytes, result.durationMillis(), result.attempts(), withTrace ? trace(result) : List.of());
        }
    }

    /** What a judged config becomes: the text to store, its hash, and whether it differs from the stored one. */
    private record Decision(String stored, String sha256, long bytes, boolean changed, Optional<String> latestProblem,
                            Instant fetchedAt, Instant versionAt, Optional<Startup> startup) {}

    /** The startup config read with it: the text to store, its hash, whether it changed and differs from running. */
    private record Startup(String stored, String sha256, boolean changed, boolean differsFromRunning) {}

    /** Metadata on stored copies: the normalised config's sha256 and the document's own size, for the latest/ check. */
    static final String SHA_META = "cfgvault-sha256";
    static final String DOCUMENT_BYTES_META = "cfgvault-document-bytes";

    /** A step turned the backup down; the outcome says why. */
    private static final class Rejected extends Exception {
        private final DeviceOutcome outcome;

        Rejected(DeviceOutcome outcome) {
            super(outcome.error(), null, false, false);
            this.outcome = outcome;
        }
    }

    DeviceOutcome run(Run run, InventoryStore.Entry entry, Options options) {
        DeviceState previous = entry.state();
        Instant started = clock.instant();
        String step = "fetch";
        DeviceOutcome outcome;
        try {
            Fetched fetched = fetch(run, entry.device(), options);
            step = "judge";
            judge(run, fetched, previous);
            step = "decide";
            Decision decision = decide(run, fetched, previous);
            step = "store";
            DeviceOutcome.Stored stored = store(run, fetched, decision, previous);
            step = "record";
            outcome = record(run, fetched, decision, stored, previous);
        } catch (Rejected r) {
            outcome = recordFailure(run, entry.device(), previous, started, r.outcome);
        } catch (RuntimeException e) {
            // store or table trouble for this device: its outcome, not the job's end
            outcome = DeviceOutcome.failed(entry.device().name(), DeviceStatus.FAILED, e.getMessage(), DeviceOutcome.Fetch.NONE);
        }
        log(run.jobId(), step, outcome);
        return outcome;
    }

    /** Longest error text a device's log line carries; the job result keeps the full message. */
    static final int MAX_LOGGED_ERROR = 300;

    /**
     * The one line per device: names, status and counts, never config text or secrets. INFO when the device changed or
     * failed; DEBUG for the unchanged successes that are 99 % of hourly fetches (the worker's batch line counts them),
     * so log volume stays bounded per device and small per fetch.
     */
    static void log(String jobId, String step, DeviceOutcome o) {
        String error = o.error() == null ? "" : o.error().length() > MAX_LOGGED_ERROR ? o.error().substring(0, MAX_LOGGED_ERROR) + "..." : o.error();
        (o.ok() && !o.changed() ? LOG.atDebug() : LOG.atInfo()).addKeyValue("jobId", jobId).addKeyValue("device", o.device()).addKeyValue("step", step)
                .addKeyValue("status", o.status().wire()).addKeyValue("changed", o.changed()).addKeyValue("bytes", o.bytes())
                .addKeyValue("durationMillis", o.durationMillis()).addKeyValue("attempts", o.attempts())
                .addKeyValue("version", o.version() == null ? "" : o.version()).addKeyValue("error", error)
                .log("device {} {}", o.device(), o.status().wire());
    }

    private Fetched fetch(Run run, Device device, Options options) throws Rejected {
        PlatformProfile profile = profiles.find(device.platform()).orElseThrow(() -> new Rejected(DeviceOutcome.failed(device.name(),
                DeviceStatus.FAILED, "unknown platform '" + device.platform() + "'; known platforms: "
                        + String.join(", ", profiles.names()), DeviceOutcome.Fetch.NONE)));
        Credentials creds;
        List<Hop> hops;
        try {
            creds = credentials.resolve(device);
            hops = JumpRoute.hops(device, options, JumpHosts.from(run.config()), credentials);
        } catch (RuntimeException e) {
            throw new Rejected(DeviceOutcome.failed(device.name(), DeviceStatus.FAILED, e.getMessage(), DeviceOutcome.Fetch.NONE));
        }
        FetchResult result = fetcher.fetch(new FetchRequest(device, creds, profile, options, hops));
        if (device.hostKey().isEmpty()) {
            result.hostKey().ifPresent(key -> inventory.pinHostKey(device.name(), key));
        }
        var fetched = new Fetched(device, profile, creds, result, result.output() == null ? "" : result.output());
        if (!result.ok()) {
            String error = scrub(result.error().orElse(result.status().name()), creds);
            throw reject(run, fetched, DeviceStatus.of(result.status()), error, fetched.output().length(), true);
        }
        return fetched;
    }

    /** The output must be a whole config, and not much smaller than the last one (a half-sent config is not a backup). */
    private void judge(Run run, Fetched fetched, DeviceState previous) throws Rejected {
        Optional<String> incomplete = fetched.profile().incompleteReason(fetched.output());
        if (incomplete.isPresent()) {
            throw reject(run, fetched, DeviceStatus.INCOMPLETE, "incomplete output: " + scrub(incomplete.get(), fetched.creds()), fetched.output().length(), false);
        }
        int maxShrink = run.config().getInt(Configuration.MAX_SHRINK, 50, 0, 100);
        long bytes = utf8Length(fetched.output());
        if (previous.sha256().isPresent() && previous.bytes() > 0 && maxShrink < 100
                && bytes < previous.bytes() * (100 - maxShrink) / 100) {
            throw reject(run, fetched, DeviceStatus.INCOMPLETE, "config shrank from " + previous.bytes() + " to " + bytes
                    + " bytes (more than " + maxShrink + "%, configuration key " + Configuration.MAX_SHRINK
                    + "); kept the previous copy", bytes, false);
        }
    }

    /** Change is judged on the normalised config (volatile lines out); the stored text is masked when configured. */
    private Decision decide(Run run, Fetched fetched, DeviceState previous) {
        String output = fetched.output();
        String stored = run.config().getBool(Configuration.MASK_SECRETS, false) ? fetched.profile().maskSecrets(output) : output;
        String sha = io.cfgvault.store.Sha256.hex(fetched.profile().normalise(output));
        boolean changed = !previous.sha256().equals(Optional.of(sha));
        Instant fetchedAt = clock.instant();
        // The inventory state proves an unchanged config is stored; its latest/ copy is checked (a HEAD) only once per
        // backup.verifyLatestEvery per device, so 23 of 24 hourly fetches make no S3 request at all.
        Optional<String> latestProblem = changed || !verifyDue(run.config(), previous, fetchedAt) ? Optional.empty()
                : latestProblem(run.layout().latestDevice(fetched.device().name()), fetched.device().name(), sha);
        return new Decision(stored, sha, utf8Length(output), changed, latestProblem, fetchedAt, versionTime(fetchedAt, previous),
                startup(run, fetched, previous));
    }

    /**
     * Change detection for the startup config on its own digest, and "running differs from startup" on the
     * significant lines of both (volatile lines, headers and blank lines out), as a reader of the two would judge.
     */
    private static Optional<Startup> startup(Run run, Fetched fetched, DeviceState previous) {
        return fetched.result().startup().map(text -> {
            PlatformProfile p = fetched.profile();
            String sha = io.cfgvault.store.Sha256.hex(p.normalise(text));
            boolean differs = !significant(p, text).equals(significant(p, fetched.output()));
            String stored = run.config().getBool(Configuration.MASK_SECRETS, false) ? p.maskSecrets(text) : text;
            return new Startup(stored, sha, !previous.startupSha256().equals(Optional.of(sha)), differs);
        });
    }

    private static List<String> significant(PlatformProfile p, String text) {
        return p.normalise(text).lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
    }

    /**
     * Whether this unchanged fetch checks the latest/ copy: always without a recorded version or success, else when
     * the last success fell in an earlier period of {@code backup.verifyLatestEvery} (default a day; 0 = every fetch).
     */
    static boolean verifyDue(Configuration config, DeviceState previous, Instant now) {
        long every = config.getDuration(Configuration.VERIFY_LATEST_EVERY, java.time.Duration.ofHours(24)).toMillis();
        if (every <= 0 || previous.version().isEmpty() || previous.lastSuccessAt().isEmpty()) {
            return true;
        }
        return Math.floorDiv(now.toEpochMilli(), every) != Math.floorDiv(previous.lastSuccessAt().get().toEpochMilli(), every);
    }

    /**
     * Why the stored latest copy cannot stand for an unchanged fetch (missing, damaged, not what was recorded), or
     * empty when it can. A HEAD settles it when the copy carries the metadata this pipeline writes and its size
     * matches; anything else (written by hand, by an older version, altered in place) is read and checked.
     */
    private Optional<String> latestProblem(String key, String device, String sha) {
        var info = store.head(key);
        if (info.isEmpty()) {
            return Optional.of("it is missing");
        }
        var meta = info.get().metadata();
        if (sha.equals(meta.get(SHA_META)) && Long.toString(info.get().size()).equals(meta.get(DOCUMENT_BYTES_META))) {
            return Optional.empty();
        }
        byte[] bytes;
        try (var in = store.open(key).orElse(null)) {
            if (in == null) {
                return Optional.of("it is missing");
            }
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            return Optional.of("it cannot be read (" + e.getMessage() + ")");
        }
        try {
            DeviceDocument doc = DeviceDocument.verified(bytes, device);
            return doc.sha256().equals(sha) ? Optional.empty() : Optional.of("its sha256 is not the recorded one");
        } catch (DeviceDocument.DamagedCopyException e) {
            return Optional.of("it is damaged: " + e.getMessage());
        }
    }

    /** On change: the diff against the latest copy, then archive before latest, then pruning. */
    private DeviceOutcome.Stored store(Run run, Fetched fetched, Decision d, DeviceState previous) {
        d.startup().filter(Startup::changed).ifPresent(st -> storeStartup(run, fetched, d, st));
        Device device = fetched.device();
        var history = new BackupHistory(store, run.layout());
        String latestKey = run.layout().latestDevice(device.name());
        if (!d.changed()) {
            if (d.latestProblem().isPresent()) {
                // Same config, but latest/ no longer holds it: rewrite it from this fetch; the archive already has it.
                LOG.atWarn().addKeyValue("jobId", run.jobId()).addKeyValue("device", device.name())
                        .log("latest copy of {} {}; rewritten from this fetch", device.name(), d.latestProblem().get());
                byte[] yaml = document(fetched, d);
                putOrExplain(latestKey, yaml, meta(run, d, yaml), "latest copy", null);
            }
            return new DeviceOutcome.Stored(false, latestKey, null, null, previous.version().orElse(null), 0, 0);
        }
        ConfigDiff diff = previous.version().flatMap(v -> history.read(device.name(), BackupHistory.LATEST))
                .map(latest -> ConfigDiff.between(latest.config(), d.stored())).orElse(ConfigDiff.between("", ""));
        byte[] yaml = document(fetched, d);
        var meta = meta(run, d, yaml);
        String version = BackupHistory.version(d.versionAt());
        String archiveKey = history.archiveKey(device.name(), version);
        putOrExplain(archiveKey, yaml, meta, "archive copy", null);
        putOrExplain(latestKey, yaml, meta, "latest copy", archiveKey);
        history.prune(device.name(), run.config().getInt(Configuration.RETENTION_VERSIONS, 5, 1, 100_000));
        return new DeviceOutcome.Stored(true, latestKey, archiveKey, previous.version().orElse(null), version,
                diff.added(), diff.removed());
    }

    /**
     * A changed startup config: archive, then latest, under {@code startup/} beside the device's running copies, pruned
     * to the same retention. Written before the running copy, so a failure here leaves the state unrecorded and the
     * next run sees the change again.
     */
    private void storeStartup(Run run, Fetched fetched, Decision d, Startup st) {
        Device device = fetched.device();
        byte[] yaml = new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(),
                d.fetchedAt(), fetched.profile().startupCommands(), st.sha256(), utf8Length(st.stored()), st.stored())
                .toYaml().getBytes(StandardCharsets.UTF_8);
        var meta = Map.of(SHA_META, st.sha256(), "cfgvault-job", run.jobId(), DOCUMENT_BYTES_META, Integer.toString(yaml.length));
        String archiveKey = run.layout().archiveStartup(device.name(), BackupHistory.version(d.versionAt()));
        putOrExplain(archiveKey, yaml, meta, "archive copy of the startup config", null);
        putOrExplain(run.layout().latestStartup(device.name()), yaml, meta, "latest copy of the startup config", archiveKey);
        List<String> keys = store.list(run.layout().archiveStartupPrefix(device.name()));
        int keep = run.config().getInt(Configuration.RETENTION_VERSIONS, 5, 1, 100_000);
        if (keys.size() > keep) {
            store.delete(keys.subList(0, keys.size() - keep));
        }
    }

    private static byte[] document(Fetched fetched, Decision d) {
        Device device = fetched.device();
        return new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(),
                d.fetchedAt(), fetched.result().commands(), d.sha256(), d.bytes(), d.stored()).toYaml()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> meta(Run run, Decision d, byte[] yaml) {
        return Map.of(SHA_META, d.sha256(), "cfgvault-job", run.jobId(), DOCUMENT_BYTES_META, Integer.toString(yaml.length));
    }

    /**
     * Writes one copy; on failure says which copy and why (the store's own message: "No space left on device",
     * S3's error code). When the latest copy fails after the archive copy was written, the archive copy is
     * deleted again, so archive and latest keep agreeing and the next run sees the change again.
     */
    private void putOrExplain(String key, byte[] yaml, Map<String, String> meta, String what, String undoKey) {
        try {
            store.put(key, yaml, "application/yaml", meta);
        } catch (RuntimeException e) {
            String undone = "";
            if (undoKey != null) {
                try {
                    store.delete(java.util.List.of(undoKey));
                    undone = "; the archive copy " + undoKey + " was removed again, so archive and latest agree";
                } catch (RuntimeException cleanup) {
                    undone = "; removing the archive copy " + undoKey + " failed too (" + cleanup.getMessage() + ")";
                }
            }
            throw new IllegalStateException("storing the " + what + " " + key + " in " + store.describe() + " failed: "
                    + e.getMessage() + undone, e);
        }
    }

    private DeviceOutcome record(Run run, Fetched fetched, Decision d, DeviceOutcome.Stored stored, DeviceState previous) {
        Instant at = d.fetchedAt();
        // a startup config that could not be read this time keeps what was last known of it
        inventory.recordState(fetched.device().name(), new DeviceState(Optional.of(at), Optional.of(at),
                d.changed() ? Optional.of(at) : previous.lastChangedAt(), Optional.of(d.sha256()), d.bytes(), DeviceStatus.OK.wire(),
                Optional.empty(), Optional.ofNullable(stored.version()), Optional.of(run.jobId()),
                d.startup().map(Startup::sha256).or(previous::startupSha256),
                d.startup().map(Startup::differsFromRunning).or(previous::startupDiffers)));
        return DeviceOutcome.succeeded(fetched.device().name(), fetched.summary(d.bytes(), true), stored);
    }

    /** Failed backups keep their state's last good sha/bytes/version so that the next run still compares against them. */
    private DeviceOutcome recordFailure(Run run, Device device, DeviceState previous, Instant at, DeviceOutcome outcome) {
        inventory.recordState(device.name(), new DeviceState(Optional.of(at), previous.lastSuccessAt(), previous.lastChangedAt(),
                previous.sha256(), previous.bytes(), outcome.status().wire(), Optional.ofNullable(outcome.error()),
                previous.version(), Optional.of(run.jobId()), previous.startupSha256(), previous.startupDiffers()));
        return outcome;
    }

    private Rejected reject(Run run, Fetched fetched, DeviceStatus status, String error, long bytes, boolean withTrace) {
        keepForDiagnosis(run.layout(), fetched, error);
        return new Rejected(DeviceOutcome.failed(fetched.device().name(), status, error, fetched.summary(bytes, withTrace)));
    }

    private void keepForDiagnosis(S3Layout layout, Fetched fetched, String error) {
        if (fetched.output().isEmpty()) {
            return;
        }
        Device device = fetched.device();
        Instant at = clock.instant();
        var doc = new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(), at,
                fetched.result().commands(), "", utf8Length(fetched.output()), fetched.output());
        store.put(layout.failedDevice(device.name(), at), doc.toYaml().getBytes(StandardCharsets.UTF_8), "application/yaml",
                Map.of("cfgvault-error", asciiHeader(error)));
    }

    /**
     * Archive versions are stamped to the second; two changed backups of one device within a second (an API
     * run beside a scheduled one) must not overwrite each other, so a device's versions only ever increase.
     */
    static Instant versionTime(Instant fetchedAt, DeviceState previous) {
        Instant t = fetchedAt.truncatedTo(ChronoUnit.SECONDS);
        Optional<Instant> last = previous.version().map(BackupHistory::parseVersion);
        return last.isPresent() && !t.isAfter(last.get()) ? last.get().plusSeconds(1) : t;
    }

    private static List<String> trace(FetchResult result) {
        return result.trace() == null ? List.of() : result.trace().stream().map(t -> "+" + t.atMillis() + "ms " + t.step()
                + (t.detail() == null || t.detail().isEmpty() ? "" : " " + t.detail())).toList();
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

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String asciiHeader(String s) {
        String ascii = s.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() > 512 ? ascii.substring(0, 512) : ascii;
    }

}
