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
import java.util.List;
import java.util.Map;

/**
 * Restores one device from a stored backup: shows the diff against the running config, and with {@code apply}
 * takes the device's restore lock, pushes the stored config line by line as the platform profile describes
 * ({@code restore.enter}, the lines, {@code restore.exit}, {@code restore.save}), reads the running config
 * back and verifies it against the stored one. Comments and volatile lines are ignored in the comparison.
 */
public final class RestoreService {
    private static final Duration LOCK_EXPIRY = Duration.ofMinutes(30);

    private final InventoryStore inventory;
    private final CredentialsResolver credentials;
    private final Profiles profiles;
    private final ConfigFetcher fetcher;
    private final ObjectStore store;
    private final AuditLog audit;
    private final Clock clock;

    public RestoreService(InventoryStore inventory, CredentialsResolver credentials, Profiles profiles, ConfigFetcher fetcher,
                          ObjectStore store, AuditLog audit, Clock clock) {
        this.inventory = inventory;
        this.credentials = credentials;
        this.profiles = profiles;
        this.fetcher = fetcher;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What a restore did or would do.
     *
     * @param diff     unified diff from the running config to the stored one (significant lines only)
     * @param applied  the lines were pushed
     * @param verified the running config read back equals the stored one
     */
    public record Outcome(String device, String version, String diff, int linesAdded, int linesRemoved,
                          boolean applied, boolean verified, String message) {}

    /**
     * @param version an archive version ({@code 20261123T130000Z}) or {@code latest}
     * @throws IllegalArgumentException for an unknown device, platform or version (nothing touched)
     * @throws IllegalStateException when another restore of the device is running
     */
    public Outcome restore(S3Layout layout, Configuration config, String deviceName, String version, boolean apply, String actor) {
        Device device = inventory.get(deviceName).map(InventoryStore.Entry::device)
                .orElseThrow(() -> new IllegalArgumentException("device '" + deviceName + "' is not in the inventory"));
        PlatformProfile profile = profiles.find(device.platform())
                .orElseThrow(() -> new IllegalArgumentException("device '" + deviceName + "': unknown platform '" + device.platform() + "'"));
        PlatformProfile.Restore how = profile.restore();
        if (!how.method().equals("line-by-line") || how.enter().isBlank()) {
            throw new IllegalArgumentException("device '" + deviceName + "': platform " + profile.name() + " has no line-by-line restore"
                    + " (restore.method is '" + how.method() + "'); restore it by hand from the stored copy");
        }
        String target = new BackupHistory(store, layout).read(deviceName, version).orElseThrow(() -> new IllegalArgumentException("device '" + deviceName + "' has no stored version '"
                + version + "'; list them with GET /devices/" + deviceName + "/backups")).config();
        Credentials creds = credentials.resolve(device);
        Options options = DeviceBackupService.resolveOptions(device, config, profile);

        inventory.lockRestore(deviceName, actor, clock.instant(), LOCK_EXPIRY);
        Outcome outcome = null;
        try {
            String running = fetch(device, creds, profile, options, profile.backupCommands(), "read the running config");
            List<String> from = significant(profile, running);
            List<String> to = significant(profile, target);
            ConfigDiff counts = ConfigDiff.of(from, to);
            String diff = counts.unified("running", version);
            if (!apply || counts.isEmpty()) {
                outcome = new Outcome(deviceName, version, diff, counts.added(), counts.removed(), false, counts.isEmpty(),
                        counts.isEmpty() ? "the running config already matches " + version
                                : "dry run: " + counts.added() + " lines to add, " + counts.removed() + " to remove; nothing was changed");
                return outcome;
            }
            var commands = new ArrayList<String>();
            commands.add(how.enter());
            pushLines(profile, target).forEach(commands::add);
            if (!how.exit().isBlank()) {
                commands.add(how.exit());
            }
            if (!how.save().isBlank()) {
                commands.add(how.save());
            }
            // Each line is a round trip; give long configs the time they need on top of the usual limit.
            Duration wall = options.wallLimit().plusMillis(100L * commands.size());
            FetchResult pushed = fetcher.fetch(new FetchRequest(device, creds, profile, options)
                    .with(profile.withCommands(commands), wall));
            if (!pushed.ok()) {
                outcome = new Outcome(deviceName, version, diff, counts.added(), counts.removed(), true, false,
                        "the device rejected the restore (" + pushed.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                                + pushed.error().orElse("") + "); it may be partly changed: check it, then restore again");
                return outcome;
            }
            String after = fetch(device, creds, profile, options, profile.backupCommands(), "read the config back");
            ConfigDiff left = ConfigDiff.of(significant(profile, after), to);
            int remaining = left.changes();
            outcome = new Outcome(deviceName, version, diff, counts.added(), counts.removed(), true, remaining == 0,
                    remaining == 0 ? "restored " + version + " and verified: the running config matches it"
                            : "pushed " + version + " but the running config still differs in " + remaining + " places, first near "
                            + firstLines(left.first().orElseThrow()) + " (line-by-line restores merge; remove the extra lines by hand"
                            + " or with 'no' commands)");
            return outcome;
        } finally {
            inventory.unlockRestore(deviceName);
            Outcome o = outcome;
            audit.record(actor, "restore", "device/" + deviceName, o == null ? "failed" : o.verified() ? "ok" : o.applied() ? "unverified" : "dry-run",
                    o == null ? Map.of("version", version) : Map.of("version", version, "applied", Boolean.toString(o.applied()),
                            "verified", Boolean.toString(o.verified()), "linesAdded", Integer.toString(o.linesAdded()),
                            "linesRemoved", Integer.toString(o.linesRemoved())));
        }
    }

    private String fetch(Device device, Credentials creds, PlatformProfile profile, Options options, List<String> commands, String what) {
        PlatformProfile run = commands.equals(profile.backupCommands()) ? profile : profile.withCommands(commands);
        FetchResult r = fetcher.fetch(new FetchRequest(device, creds, run, options));
        if (!r.ok()) {
            throw new IllegalStateException("device '" + device.name() + "': could not " + what + " ("
                    + r.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.error().orElse("") + ")");
        }
        return r.output();
    }

    private static String firstLines(ConfigDiff.Change c) {
        return "line " + c.line() + ": running '" + abbreviate(c.before()) + "', stored '" + abbreviate(c.after()) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
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
