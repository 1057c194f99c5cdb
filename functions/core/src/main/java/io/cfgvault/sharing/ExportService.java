package io.cfgvault.sharing;

import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A zip export stored under {@code exports/} in the deployment's partition (expired by a lifecycle rule) and
 * handed out as a presigned link. The zip is built in a temp file, so memory stays flat however many devices.
 */
public final class ExportService {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored export: its id and key, what it holds, and a link to it. */
    public record Export(String exportId, String key, ConfigExport.Result result, URI url, Instant expiresAt) {}

    private final ConfigExport export;
    private final ObjectStore store;
    private final LinkSigner signer;
    private final Clock clock;

    public ExportService(ConfigExport export, ObjectStore store, LinkSigner signer, Clock clock) {
        this.export = export;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    /** The devices a selection names (refusing unknown names and empty selections), for the caller's limits. */
    public int count(ConfigExport.Selection selection) {
        return export.select(selection).size();
    }

    public Export create(S3Layout layout, ConfigExport.Selection selection, Duration linkExpiry) {
        return create(layout, selection, linkExpiry, newId("exp-"), ConfigExport.Progress.NONE);
    }

    /** A new export id: the prefix, the time and a random suffix. */
    public String newId(String prefix) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return prefix + BackupHistory.version(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** Writes export {@code id}, telling {@code progress} after each device. */
    public Export create(S3Layout layout, ConfigExport.Selection selection, Duration linkExpiry, String id, ConfigExport.Progress progress) {
        var devices = export.select(selection);
        Instant now = clock.instant();
        String key = layout.export(id);
        Path tmp = null;
        try {
            var written = export.writeTemp(null, layout, selection, devices, now, progress);
            tmp = written.file();
            store.put(key, tmp, "application/zip", Map.of("devices", Integer.toString(written.result().devices())));
            return new Export(id, key, written.result(), signer.link(key, linkExpiry), now.plus(linkExpiry));
        } catch (IOException e) {
            throw new UncheckedIOException("writing export " + id + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind in /tmp is cleaned with the container
                }
            }
        }
    }
}
