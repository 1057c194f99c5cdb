package io.cfgvault.sharing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.Sha256;
import io.cfgvault.store.S3Layout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one zip of the selected devices' configs (one file per device, as the device printed it) plus
 * {@code manifest.json} with each file's version and sha256. It streams: one device's copy is in memory at a time,
 * so 10,000 configs need no more heap than ten.
 */
public final class ConfigExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Devices by name, model or group (empty = all enabled devices), and an optional point in time. */
    public record Selection(List<String> devices, Optional<String> model, Optional<String> group, Optional<Instant> asOf) {
        public boolean matches(InventoryStore.Entry e) {
            return (devices.isEmpty() ? e.device().enabled() : devices.contains(e.device().name()))
                    && model.map(m -> m.equals(e.device().model())).orElse(true)
                    && group.map(g -> g.equals(e.device().group())).orElse(true);
        }
    }

    /** What went into the zip, and which selected devices had no copy to export (never backed up, or none that old). */
    public record Result(int devices, long bytes, List<String> missing) {}

    /** Called after each device, for a progress bar or a job's counters. */
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void step(int done, int total);
    }

    /** A zip written to a temp file, and what it holds. */
    public record Written(Path file, Result result) {}

    private final ObjectStore store;
    private final InventoryStore inventory;

    public ConfigExport(ObjectStore store, InventoryStore inventory) {
        this.store = store;
        this.inventory = inventory;
    }

    /**
     * Writes the zip to a new temp file in {@code dir} (the system's temp directory when null), so that memory stays
     * flat and a failed export leaves no half file: the file is removed again when writing fails.
     */
    public Written writeTemp(Path dir, S3Layout layout, Selection selection, List<InventoryStore.Entry> devices, Instant createdAt,
                             Progress progress) throws IOException {
        Path tmp = dir == null ? Files.createTempFile("cfgvault-export-", ".zip") : Files.createTempFile(dir, ".cfgvault-export-", ".zip");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            return new Written(tmp, write(layout, selection, devices, out, createdAt, progress));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** The inventory entries a selection names, in name order; an unknown device name is an error. */
    public List<InventoryStore.Entry> select(Selection selection) {
        var all = inventory.list();
        for (String name : selection.devices()) {
            if (all.stream().noneMatch(e -> e.device().name().equals(name))) {
                throw new IllegalArgumentException("device '" + name + "' is not in the inventory");
            }
        }
        var chosen = all.stream().filter(selection::matches)
                .sorted(java.util.Comparator.comparing(e -> e.device().name())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the selection names no device");
        }
        return chosen;
    }

    public Result write(S3Layout layout, Selection selection, List<InventoryStore.Entry> devices, OutputStream out,
                        Instant createdAt, Progress progress) throws IOException {
        var manifest = new ArrayList<Map<String, Object>>();
        var missing = new ArrayList<String>();
        long bytes = 0;
        try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            int done = 0;
            for (InventoryStore.Entry e : devices) {
                String name = e.device().name();
                Optional<String[]> copy = copyOf(layout, name, e.state().version(), selection.asOf());
                if (copy.isEmpty()) {
                    missing.add(name);
                } else {
                    byte[] config = copy.get()[1].getBytes(StandardCharsets.UTF_8);
                    String file = "configs/" + name + ".cfg";
                    zip.putNextEntry(new ZipEntry(file));
                    zip.write(config);
                    zip.closeEntry();
                    bytes += config.length;
                    var m = new LinkedHashMap<String, Object>();
                    m.put("device", name);
                    m.put("file", file);
                    m.put("version", copy.get()[0]);
                    m.put("sha256", Sha256.hex(config));
                    m.put("bytes", config.length);
                    m.put("model", e.device().model());
                    m.put("group", e.device().group());
                    m.put("platform", e.device().platform());
                    manifest.add(m);
                }
                progress.step(++done, devices.size());
            }
            var head = new LinkedHashMap<String, Object>();
            head.put("deployment", layout.partition().deployment());
            head.put("accountId", layout.partition().accountId());
            head.put("region", layout.partition().region());
            head.put("createdAt", createdAt.toString());
            head.put("asOf", selection.asOf().map(Instant::toString).orElse("latest"));
            head.put("devices", manifest);
            head.put("missing", missing);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(JSON.writeValueAsBytes(head));
            zip.closeEntry();
        }
        return new Result(manifest.size(), bytes, List.copyOf(missing));
    }

    /** {version, config} of the copy to export: latest, or the newest archive version at or before {@code asOf}. */
    private Optional<String[]> copyOf(S3Layout layout, String device, Optional<String> latestVersion, Optional<Instant> asOf) {
        var history = new BackupHistory(store, layout);
        if (asOf.isEmpty()) {
            return history.read(device, BackupHistory.LATEST).map(doc -> new String[] {
                    latestVersion.orElse(BackupHistory.version(doc.fetchedAt())), doc.config()});
        }
        String chosen = null;
        for (String version : history.versions(device)) {
            if (!BackupHistory.parseVersion(version).isAfter(asOf.get())) {
                chosen = version;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        String version = chosen;
        return history.read(device, version).map(doc -> new String[] {version, doc.config()});
    }

}
