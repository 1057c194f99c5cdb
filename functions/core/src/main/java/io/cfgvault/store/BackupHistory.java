package io.cfgvault.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stored backups of devices in one partition: archive versions, their keys, reading a version (or
 * {@code latest}), diffs between versions and pruning. The API, restore and the CLI read history through here.
 */
public final class BackupHistory {
    /** Names the current copy instead of an archive version. */
    public static final String LATEST = "latest";
    private static final Pattern VERSION = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final String SUFFIX = ".yaml";

    private final ObjectStore store;
    private final S3Layout layout;

    public BackupHistory(ObjectStore store, S3Layout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The version stamp of an instant, e.g. {@code 20261123T130000Z}. */
    public static String version(Instant time) {
        return S3Layout.version(time);
    }

    public static boolean isVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    /** The instant a version stamp names. */
    public static Instant parseVersion(String version) {
        if (!isVersion(version)) {
            throw new IllegalArgumentException("'" + version + "' is not a backup version such as 20261123T130000Z");
        }
        return S3Layout.VERSION.parse(version, Instant::from);
    }

    public String archiveKey(String device, String version) {
        return layout.archiveDevice(device, version);
    }

    /** The key of an archive version, or of the latest copy for {@link #LATEST}. */
    public String key(String device, String versionOrLatest) {
        return versionOrLatest.equals(LATEST) ? layout.latestDevice(device) : archiveKey(device, versionOrLatest);
    }

    /** Archive versions of a device, oldest first. */
    public List<String> versions(String device) {
        String prefix = layout.archiveDevicePrefix(device);
        var out = new ArrayList<String>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            if (rest.endsWith(SUFFIX) && isVersion(rest.substring(0, rest.length() - SUFFIX.length()))) {
                out.add(rest.substring(0, rest.length() - SUFFIX.length()));
            }
        }
        out.sort(null);
        return out;
    }

    /** The stored YAML document as written; empty when there is no such version. */
    public Optional<byte[]> document(String device, String versionOrLatest) {
        String key = key(device, versionOrLatest);
        Optional<InputStream> in = store.open(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(s.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + ": " + e.getMessage(), e);
        }
    }

    public Optional<DeviceDocument> read(String device, String versionOrLatest) {
        return document(device, versionOrLatest).map(b -> DeviceDocument.parse(new String(b, StandardCharsets.UTF_8)));
    }

    /** One archive version as listed: its stamp, when it was stored and its key. */
    public record Version(String version, Instant storedAt, String key) {}

    /** Archive versions of a device with their time and key, newest first (what the API and the CLI list). */
    public List<Version> history(String device) {
        return versions(device).reversed().stream().map(v -> new Version(v, parseVersion(v), archiveKey(device, v))).toList();
    }

    /** Two stored versions of a device, resolved from what the caller asked for, and the diff of their configs. */
    public record Comparison(String device, String from, String to, ConfigDiff diff) {
        /** The unified diff labelled {@code device@version}, newline-terminated; "" when the configs are equal. */
        public String unified() {
            String u = diff.unified(device + "@" + from, device + "@" + to);
            return u.isEmpty() ? "" : u + "\n";
        }
    }

    /** Why two versions cannot be compared; {@link #param()} names the bound at fault ({@code from} or {@code to}). */
    public static final class VersionProblem extends IllegalArgumentException {
        /** What is wrong. */
        public enum Reason { NO_BACKUP, INVALID_VERSION, UNKNOWN_VERSION, NO_PREVIOUS_VERSION }

        private final Reason reason;
        private final String param;

        VersionProblem(Reason reason, String param, String message) {
            super(message);
            this.reason = reason;
            this.param = param;
        }

        public Reason reason() {
            return reason;
        }

        /** {@code from} or {@code to}; empty for {@link Reason#NO_BACKUP}. */
        public String param() {
            return param;
        }
    }

    /**
     * Compares two archive versions of a device. {@code to} defaults to the newest version and {@code from} to the
     * one before {@code to}; either may be {@link #LATEST}, which means the newest archive version.
     *
     * @throws VersionProblem when the device has no versions, a bound is not a version stamp or not stored, or
     *                        {@code to} is the oldest version and no {@code from} was given
     */
    public Comparison compare(String device, Optional<String> from, Optional<String> to) {
        List<String> versions = versions(device);
        if (versions.isEmpty()) {
            throw new VersionProblem(VersionProblem.Reason.NO_BACKUP, "",
                    "device '" + device + "' has no stored backup yet; nothing to compare");
        }
        String b = to.map(v -> resolve(device, v, versions, "to")).orElse(versions.getLast());
        String a = from.map(v -> resolve(device, v, versions, "from")).orElseGet(() -> {
            int i = versions.indexOf(b);
            if (i == 0) {
                throw new VersionProblem(VersionProblem.Reason.NO_PREVIOUS_VERSION, "from", "device '" + device
                        + "' has no version before " + b + "; nothing to compare it with");
            }
            return versions.get(i - 1);
        });
        return new Comparison(device, a, b, ConfigDiff.between(config(device, a, "from"), config(device, b, "to")));
    }

    private static String resolve(String device, String value, List<String> versions, String param) {
        if (value.equals(LATEST)) {
            return versions.getLast();
        }
        if (!isVersion(value)) {
            throw new VersionProblem(VersionProblem.Reason.INVALID_VERSION, param, "'" + value
                    + "' is not a backup version; use 'latest' or a version such as 20261123T130000Z");
        }
        if (!versions.contains(value)) {
            throw unknown(device, value, param);
        }
        return value;
    }

    private String config(String device, String version, String param) {
        // pruned between listing and reading: the same answer as a version never stored
        return read(device, version).orElseThrow(() -> unknown(device, version, param)).config();
    }

    private static VersionProblem unknown(String device, String version, String param) {
        return new VersionProblem(VersionProblem.Reason.UNKNOWN_VERSION, param,
                "device '" + device + "' has no backup version " + version);
    }

    /** Diff of two stored versions' configs; empty when either is missing. */
    public Optional<ConfigDiff> diff(String device, String from, String to) {
        Optional<DeviceDocument> a = read(device, from);
        Optional<DeviceDocument> b = a.isEmpty() ? Optional.empty() : read(device, to);
        return b.map(doc -> ConfigDiff.between(a.get().config(), doc.config()));
    }

    /** Whether anything is stored for the device: a latest copy or any archive object. */
    public boolean hasAny(String device) {
        return store.head(layout.latestDevice(device)).isPresent() || !store.list(layout.archiveDevicePrefix(device)).isEmpty();
    }

    /** Deletes the oldest archive copies beyond {@code keep}. */
    public void prune(String device, int keep) {
        List<String> keys = store.list(layout.archiveDevicePrefix(device));
        if (keys.size() > keep) {
            store.delete(keys.subList(0, keys.size() - keep));
        }
    }
}
