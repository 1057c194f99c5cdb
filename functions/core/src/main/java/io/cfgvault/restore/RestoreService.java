package io.cfgvault.restore;

import io.cfgvault.audit.AuditLog;
import io.cfgvault.config.Options;
import io.cfgvault.config.PlatformProfile;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Credentials;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.jobs.DeviceBackupService;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.settings.Configuration;
import io.cfgvault.ssh.ConfigFetcher;
import io.cfgvault.ssh.FetchRequest;
import io.cfgvault.ssh.FetchResult;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ConfigDiff;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Restores one device from a stored backup. Under the device's restore lock: back the device up first (the
 * pre-restore copy, a normal backup version), diff it against the stored version, push as the profile's
 * {@code restore:} block says, read the running config back and compare on the normalised form. On a mismatch, a
 * rejected line or a lost session, push the pre-restore copy back the same way and verify that. The outcome says
 * which of these happened; the steps name no config line and no secret.
 */
public final class RestoreService {
    /** A lock older than this is taken over: a worker that died mid-restore must not block the device for ever. */
    public static final Duration LOCK_EXPIRY = Duration.ofMinutes(30);

    private final InventoryStore inventory;
    private final CredentialsResolver credentials;
    private final Profiles profiles;
    private final ConfigFetcher fetcher;
    private final DeviceBackupService backups;
    private final ObjectStore store;
    private final AuditLog audit;
    private final Clock clock;

    public RestoreService(InventoryStore inventory, CredentialsResolver credentials, Profiles profiles, ConfigFetcher fetcher,
                          DeviceBackupService backups, ObjectStore store, AuditLog audit, Clock clock) {
        this.inventory = inventory;
        this.credentials = credentials;
        this.profiles = profiles;
        this.fetcher = fetcher;
        this.backups = backups;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** How a restore ended. */
    public enum Result {
        /** Nothing pushed: the diff only. */
        DRY_RUN,
        /** The running config already matched the version. */
        UNCHANGED,
        /** Pushed and verified. */
        RESTORED,
        /** Push failed or did not verify; the pre-restore copy was pushed back and verified. */
        ROLLED_BACK,
        /** Push failed or did not verify, and so did the rollback: the device needs a look. */
        ROLLBACK_FAILED,
        /** Nothing was changed (device unreachable, lock held, bad request). */
        FAILED
    }

    /** Why a restore was rolled back. */
    public enum Cause { VERIFY_MISMATCH, PUSH_REJECTED, SESSION_LOST }

    /** One step of a restore for the job trace: what was done and how it went, never a config line or secret. */
    public record Step(long atMillis, String step, String detail) {}

    /**
     * What a restore did or would do.
     *
     * @param diff        unified diff from the running config to the stored one (significant lines only)
     * @param preRestore  the backup version holding the config found on the device before the push
     * @param cause       why it was rolled back (null unless ROLLED_BACK or ROLLBACK_FAILED)
     */
    public record Outcome(String device, String version, String diff, int linesAdded, int linesRemoved, Result result,
                          Cause cause, String preRestore, String message, List<Step> steps) {
        public boolean applied() {
            return result == Result.RESTORED || result == Result.ROLLED_BACK || result == Result.ROLLBACK_FAILED;
        }

        public boolean verified() {
            return result == Result.RESTORED || result == Result.UNCHANGED;
        }
    }

    /** What to restore, for whom. {@code jobId} is the restore job holding the device's lock (empty from the CLI). */
    public record Request(String device, String version, boolean apply, String actor, Optional<String> jobId) {
        public static Request cli(String device, String version, boolean apply, String actor) {
            return new Request(device, version, apply, actor, Optional.empty());
        }
    }

    /** CLI form: takes and releases the lock itself. */
    public Outcome restore(S3Layout layout, Configuration config, String deviceName, String version, boolean apply, String actor) {
        return restore(layout, config, Request.cli(deviceName, version, apply, actor));
    }

    /**
     * @throws IllegalArgumentException for an unknown device, platform or version (nothing touched)
     * @throws IllegalStateException when another restore holds the device's lock
     */
    public Outcome restore(S3Layout layout, Configuration config, Request r) {
        Device device = inventory.get(r.device()).map(InventoryStore.Entry::device)
                .orElseThrow(() -> new IllegalArgumentException("device '" + r.device() + "' is not in the inventory"));
        PlatformProfile profile = profiles.find(device.platform())
                .orElseThrow(() -> new IllegalArgumentException("device '" + r.device() + "': unknown platform '" + device.platform() + "'"));
        PlatformProfile.Restore how = profile.restore();
        if (!(how.lineByLine() && !how.enter().isBlank() || how.replace()) || profile.mode() != PlatformProfile.Mode.SHELL) {
            throw new IllegalArgumentException("device '" + r.device() + "': platform " + profile.name() + " has no automatic restore"
                    + " (restore.method is '" + how.method() + "'); restore it by hand from the stored copy");
        }
        // "latest" is the newest version when the restore starts; the pre-restore copy becomes the new latest
        String version = r.version().equals("latest") ? inventory.get(r.device()).flatMap(e -> e.state().version())
                .orElseThrow(() -> new IllegalArgumentException("device '" + r.device() + "' has no stored version yet"))
                : r.version();
        String target = new BackupHistory(store, layout).read(r.device(), version).orElseThrow(() -> new IllegalArgumentException(
                "device '" + r.device() + "' has no stored version '" + r.version() + "'; list them with GET /devices/"
                        + r.device() + "/backups")).config();
        String owner = r.jobId().map(j -> "job " + j + " (" + r.actor() + ")").orElse(r.actor());
        inventory.lockRestore(r.device(), owner, r.jobId(), clock.instant(), LOCK_EXPIRY);
        Run run = new Run(layout, config, r, version, device, profile, target);
        Outcome outcome = null;
        try {
            outcome = run.go();
            return outcome;
        } finally {
            inventory.unlockRestore(r.device());
            Outcome o = outcome;
            var detail = new LinkedHashMap<String, String>();
            detail.put("version", r.version());
            r.jobId().ifPresent(j -> detail.put("job", j));
            if (o != null) {
                detail.put("result", o.result().name().toLowerCase(Locale.ROOT));
                if (o.cause() != null) {
                    detail.put("cause", o.cause().name().toLowerCase(Locale.ROOT));
                }
                if (o.preRestore() != null) {
                    detail.put("preRestoreVersion", o.preRestore());
                }
                detail.put("linesAdded", Integer.toString(o.linesAdded()));
                detail.put("linesRemoved", Integer.toString(o.linesRemoved()));
            }
            audit.record(r.actor(), "restore", "device/" + r.device(), o == null ? "failed" : switch (o.result()) {
                case RESTORED, UNCHANGED -> "ok";
                case DRY_RUN -> "dry-run";
                case ROLLED_BACK -> "rolled-back";
                case ROLLBACK_FAILED, FAILED -> "failed";
            }, Map.copyOf(detail));
        }
    }

    /** The state of one restore while it runs. */
    private final class Run {
        private final S3Layout layout;
        private final Configuration config;
        private final Request request;
        /** The concrete version restored, and how messages name it ("latest (20261123T130000Z)"). */
        private final String version;
        private final String label;
        private final Device device;
        private final PlatformProfile profile;
        private final String target;
        private final Credentials creds;
        private final Options options;
        private final List<io.cfgvault.ssh.Hop> hops;
        private final String session;
        private final long started = System.nanoTime();
        private final List<Step> steps = new ArrayList<>();

        Run(S3Layout layout, Configuration config, Request request, String version, Device device, PlatformProfile profile,
            String target) {
            this.version = version;
            this.label = request.version().equals(version) ? version : request.version() + " (" + version + ")";
            this.layout = layout;
            this.config = config;
            this.request = request;
            this.device = device;
            this.profile = profile;
            this.target = target;
            this.creds = credentials.resolve(device);
            this.options = DeviceBackupService.resolveOptions(device, config, profile);
            this.hops = io.cfgvault.ssh.JumpRoute.hops(device, options, io.cfgvault.inventory.JumpHosts.from(config), credentials);
            this.session = "cfgvault-" + request.jobId().orElse(Long.toString(clock.millis(), 36)).replaceAll("[^A-Za-z0-9]", "");
        }

        Outcome go() {
            step("lock", "held by " + request.jobId().map(j -> "job " + j).orElse(request.actor()));
            String running;
            String preVersion = null;
            if (!request.apply()) {
                // a dry run stores nothing: "latest" stays what it was
                running = read("read running config");
                if (running == null) {
                    return outcome("", ConfigDiff.of(List.of(), List.of()), Result.FAILED, null, null, "could not read the running config; nothing was changed");
                }
            } else {
                String jobId = request.jobId().orElse("restore-" + S3Layout.version(clock.instant()));
                InventoryStore.Entry entry = inventory.get(device.name()).orElseThrow();
                JobSummary.DeviceOutcome copy = backups.backupEntries(jobId, List.of(entry), layout, config).get(0);
                if (!copy.ok()) {
                    step("pre-restore copy", "failed: " + copy.status());
                    return outcome("", ConfigDiff.of(List.of(), List.of()), Result.FAILED, null, null, "could not back up the device before the restore ("
                            + copy.status() + ": " + copy.error() + "); nothing was changed");
                }
                preVersion = copy.version();
                step("pre-restore copy", "version " + preVersion + (copy.changed() ? " stored" : " (unchanged since the last backup)"));
                String pre = preVersion;
                running = new BackupHistory(store, layout).read(device.name(), pre).orElseThrow(() -> new IllegalStateException(
                        "device '" + device.name() + "': pre-restore copy " + pre + " is missing from the store")).config();
            }
            List<String> from = significant(profile, running);
            List<String> to = significant(profile, target);
            ConfigDiff counts = ConfigDiff.of(from, to);
            String diff = counts.unified("running", version);
            if (counts.isEmpty()) {
                return outcome(diff, counts, Result.UNCHANGED, null, preVersion, "the running config already matches " + label);
            }
            if (!request.apply()) {
                return outcome(diff, counts, Result.DRY_RUN, null, preVersion, "dry run: " + counts.added() + " lines to add, "
                        + counts.removed() + " to remove; nothing was changed");
            }
            FetchResult pushed = push("push", RestorePlan.push(profile, running, target, session, true));
            Cause cause;
            String why;
            if (pushed.ok()) {
                String after = read("verify");
                ConfigDiff left = after == null ? null : ConfigDiff.of(significant(profile, after), to);
                if (left != null && left.isEmpty()) {
                    List<String> confirm = RestorePlan.confirm(profile, session);
                    if (!confirm.isEmpty()) {
                        FetchResult c = push("confirm", confirm);
                        if (!c.ok()) {
                            return outcome(diff, counts, Result.FAILED, null, preVersion, "restored " + label
                                    + " and verified, but the confirmation failed (" + c.status() + "); the device rolls itself"
                                    + " back when its " + profile.restore().confirmMinutes() + "-minute timer runs out");
                        }
                    }
                    return outcome(diff, counts, Result.RESTORED, null, preVersion, "restored " + label
                            + " and verified: the running config matches it");
                }
                cause = Cause.VERIFY_MISMATCH;
                why = left == null ? "the running config could not be read back"
                        : "the running config differed from " + label + " in " + left.changes() + " places, first near line "
                        + left.first().map(ConfigDiff.Change::line).orElse(0);
            } else if (pushed.status() == FetchResult.Status.COMMAND_ERROR) {
                cause = Cause.PUSH_REJECTED;
                why = "the device rejected the push (" + pushed.error().orElse("") + ")";
            } else if (pushed.status() == FetchResult.Status.UNREACHABLE || pushed.status() == FetchResult.Status.AUTH_FAILED
                    || pushed.status() == FetchResult.Status.HOST_KEY_CHANGED) {
                return outcome(diff, counts, Result.FAILED, null, preVersion, "could not log in to push ("
                        + pushed.status().name().toLowerCase(Locale.ROOT) + ": " + pushed.error().orElse("") + "); nothing was changed");
            } else {
                cause = Cause.SESSION_LOST;
                why = "the session was lost during the push (" + pushed.status().name().toLowerCase(Locale.ROOT) + ")";
            }
            return rollBack(diff, counts, preVersion, running, cause, why);
        }

        private Outcome rollBack(String diff, ConfigDiff counts, String preVersion, String running, Cause cause, String why) {
            step("rollback", cause.name().toLowerCase(Locale.ROOT) + ": pushing pre-restore copy " + preVersion);
            String now = read("read before rollback");
            FetchResult back = push("rollback push", RestorePlan.push(profile, now == null ? target : now, running, session + "rb", false));
            String after = back.ok() ? read("rollback verify") : null;
            boolean ok = after != null && ConfigDiff.of(significant(profile, after), significant(profile, running)).isEmpty();
            step("rollback verify", ok ? "matches pre-restore copy " + preVersion : "does not match");
            return outcome(diff, counts, ok ? Result.ROLLED_BACK : Result.ROLLBACK_FAILED, cause, preVersion, why + "; "
                    + (ok ? "rolled back to the pre-restore copy " + preVersion + " and verified"
                    : "the rollback to " + preVersion + " did not verify: check the device and restore " + preVersion + " by hand"));
        }

        /** The running config, or null when it cannot be read. */
        private String read(String what) {
            FetchResult r = fetcher.fetch(new FetchRequest(device, creds, profile, options, hops));
            step(what, r.ok() ? "read " + r.output().length() + " chars" : "failed: " + r.status().name().toLowerCase(Locale.ROOT));
            return r.ok() ? r.output() : null;
        }

        private FetchResult push(String what, List<String> commands) {
            // each input is a round trip; give long configs the time they need on top of the usual limit
            Duration wall = options.wallLimit().plusMillis(100L * commands.stream().mapToLong(c -> c.lines().count()).sum());
            FetchResult r = fetcher.fetch(new FetchRequest(device, creds, profile, options, hops).with(profile.forPush(commands), wall));
            r.trace().stream().filter(t -> t.step().equals("prompt") || t.step().equals("enable")).findFirst()
                    .ifPresent(t -> step("login", "ok"));
            step(what, commands.size() + " inputs (" + profile.restore().method() + "): "
                    + (r.ok() ? "ok" : r.status().name().toLowerCase(Locale.ROOT) + " - " + r.error().orElse("")));
            return r;
        }

        private void step(String step, String detail) {
            steps.add(new Step((System.nanoTime() - started) / 1_000_000, step, detail));
        }

        private Outcome outcome(String diff, ConfigDiff counts, Result result, Cause cause, String pre, String message) {
            return new Outcome(device.name(), version, diff, counts.added(), counts.removed(), result, cause, pre, message,
                    List.copyOf(steps));
        }
    }

    /** Lines that carry configuration: volatile lines, comments, blank lines and the end marker left out. */
    static List<String> significant(PlatformProfile profile, String config) {
        return profile.normalise(config).lines().filter(l -> !l.isBlank()).filter(l -> !isComment(l))
                .filter(l -> !l.strip().equals("end")).toList();
    }

    /** What is sent: the stored config's lines as the device printed them, without volatile lines and "end". */
    static List<String> pushLines(PlatformProfile profile, String config) {
        return profile.normalise(config).lines().filter(l -> !l.isBlank()).filter(l -> !l.strip().equals("end")).toList();
    }

    private static boolean isComment(String line) {
        String t = line.strip();
        return t.startsWith("!") || t.startsWith("#");
    }
}
