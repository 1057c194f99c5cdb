package io.cfgvault.jobs;

import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.jobs.JobSummary.DeviceOutcome;
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
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
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
    private record Decision(String stored, String sha256, long bytes, boolean changed, Instant fetchedAt, Instant versionAt) {}

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

    /** The one INFO line per device: names, status and counts, never config text or secrets. */
    static void log(String jobId, String step, DeviceOutcome o) {
        LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("device", o.device()).addKeyValue("step", step)
                .addKeyValue("status", o.status().wire()).addKeyValue("changed", o.changed()).addKeyValue("bytes", o.bytes())
                .addKeyValue("durationMillis", o.durationMillis()).addKeyValue("attempts", o.attempts())
                .addKeyValue("version", o.version() == null ? "" : o.version()).addKeyValue("error", o.error() == null ? "" : o.error())
                .log("device {} {}", o.device(), o.status().wire());
    }

    private Fetched fetch(Run run, Device device, Options options) throws Rejected {
        PlatformProfile profile = profiles.find(device.platform()).orElseThrow(() -> new Rejected(DeviceOutcome.failed(device.name(),
                DeviceStatus.FAILED, "unknown platform '" + device.platform() + "'; known platforms: "
                        + String.join(", ", profiles.names()), DeviceOutcome.Fetch.NONE)));
        Credentials creds;
        try {
            creds = credentials.resolve(device);
        } catch (RuntimeException e) {
            throw new Rejected(DeviceOutcome.failed(device.name(), DeviceStatus.FAILED, e.getMessage(), DeviceOutcome.Fetch.NONE));
        }
        FetchResult result = fetcher.fetch(new FetchRequest(device, creds, profile, options));
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
        String sha = sha256(fetched.profile().normalise(output));
        boolean changed = !previous.sha256().equals(Optional.of(sha))
                || store.head(run.layout().latestDevice(fetched.device().name())).isEmpty();
        Instant fetchedAt = clock.instant();
        return new Decision(stored, sha, utf8Length(output), changed, fetchedAt, versionTime(fetchedAt, previous));
    }

    /** On change: the diff against the latest copy, then archive before latest, then pruning. */
    private DeviceOutcome.Stored store(Run run, Fetched fetched, Decision d, DeviceState previous) {
        Device device = fetched.device();
        var history = new BackupHistory(store, run.layout());
        String latestKey = run.layout().latestDevice(device.name());
        if (!d.changed()) {
            return new DeviceOutcome.Stored(false, latestKey, null, null, previous.version().orElse(null), 0, 0);
        }
        ConfigDiff diff = previous.version().flatMap(v -> history.read(device.name(), BackupHistory.LATEST))
                .map(latest -> ConfigDiff.between(latest.config(), d.stored())).orElse(ConfigDiff.between("", ""));
        var doc = new DeviceDocument(device.name(), device.host(), device.platform(), device.model(), device.group(),
                d.fetchedAt(), fetched.result().commands(), d.sha256(), d.bytes(), d.stored());
        byte[] yaml = doc.toYaml().getBytes(StandardCharsets.UTF_8);
        var meta = Map.of("cfgvault-sha256", d.sha256(), "cfgvault-job", run.jobId());
        String version = BackupHistory.version(d.versionAt());
        String archiveKey = history.archiveKey(device.name(), version);
        store.put(archiveKey, yaml, "application/yaml", meta);
        store.put(latestKey, yaml, "application/yaml", meta);
        history.prune(device.name(), run.config().getInt(Configuration.RETENTION_VERSIONS, 5, 1, 100_000));
        return new DeviceOutcome.Stored(true, latestKey, archiveKey, previous.version().orElse(null), version,
                diff.added(), diff.removed());
    }

    private DeviceOutcome record(Run run, Fetched fetched, Decision d, DeviceOutcome.Stored stored, DeviceState previous) {
        Instant at = d.fetchedAt();
        inventory.recordState(fetched.device().name(), new DeviceState(Optional.of(at), Optional.of(at),
                d.changed() ? Optional.of(at) : previous.lastChangedAt(), Optional.of(d.sha256()), d.bytes(), DeviceStatus.OK.wire(),
                Optional.empty(), Optional.ofNullable(stored.version()), Optional.of(run.jobId())));
        return DeviceOutcome.succeeded(fetched.device().name(), fetched.summary(d.bytes(), true), stored);
    }

    /** Failed backups keep their state's last good sha/bytes/version so that the next run still compares against them. */
    private DeviceOutcome recordFailure(Run run, Device device, DeviceState previous, Instant at, DeviceOutcome outcome) {
        inventory.recordState(device.name(), new DeviceState(Optional.of(at), previous.lastSuccessAt(), previous.lastChangedAt(),
                previous.sha256(), previous.bytes(), outcome.status().wire(), Optional.ofNullable(outcome.error()),
                previous.version(), Optional.of(run.jobId())));
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
