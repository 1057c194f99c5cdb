package io.cfgvault.restore;

import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.ItemDigest;
import io.cfgvault.tables.TableDocumentReader;
import io.cfgvault.tables.TableExporter;
import io.cfgvault.tables.TableImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restores one of the application's tables from an archive copy: of this deployment, or of another deployment,
 * account or region whose partition is in the same bucket (a deployment rebuilt elsewhere gets its configuration
 * back). Answers with the items that change; the importer validates the whole document first, so a bad archive
 * copy writes nothing.
 */
public final class TableRestore {
    private final ObjectStore store;
    private final TableExporter exporter;
    private final TableImporter importer;

    public TableRestore(ObjectStore store, TableExporter exporter, TableImporter importer) {
        this.store = store;
        this.exporter = exporter;
        this.importer = importer;
    }

    /**
     * What a table restore changes: item keys added, changed and (replace only) deleted.
     *
     * @param source the archive key restored from
     */
    public record Plan(String table, String version, String source, TableImporter.Mode mode, boolean dryRun,
                       List<String> added, List<String> changed, List<String> deleted, long written) {}

    /**
     * @param from    the partition holding the archive copy (this deployment's, or another's)
     * @param version an archive version ({@code 20261123T130000Z})
     * @throws IllegalArgumentException for a malformed or missing version (nothing written)
     * @throws io.cfgvault.tables.TableImportException for a bad document (nothing written)
     */
    public Plan restore(AppTable table, S3Layout from, String version, TableImporter.Mode mode, boolean dryRun) {
        if (!BackupHistory.isVersion(version)) {
            throw new IllegalArgumentException("version '" + version + "' is not an archive version such as 20261123T130000Z");
        }
        String key = from.archiveTable(table.logicalName(), BackupHistory.parseVersion(version));
        byte[] archived = store.open(key).map(TableRestore::bytes).orElseThrow(() -> new IllegalArgumentException(
                "there is no archive copy " + version + " of table " + table.logicalName() + " at " + key));
        TableImporter.Source source = TableImporter.source(key, archived);
        importer.check(table, source);
        Map<String, String> want = items(table, key, archived);
        Map<String, String> have = items(table, "current " + table.logicalName(), exporter.documentBytes(table));
        var added = new ArrayList<String>();
        var changed = new ArrayList<String>();
        var deleted = new ArrayList<String>();
        want.forEach((k, digest) -> {
            if (!have.containsKey(k)) {
                added.add(k);
            } else if (!have.get(k).equals(digest)) {
                changed.add(k);
            }
        });
        if (mode == TableImporter.Mode.REPLACE) {
            have.keySet().stream().filter(k -> !want.containsKey(k)).forEach(deleted::add);
        }
        long written = 0;
        if (!dryRun) {
            written = importer.importDocument(table, source, mode).written();
        }
        return new Plan(table.logicalName(), version, key, mode, dryRun, added, changed, deleted, written);
    }

    /** Each item's key with a digest of its content (volatile attributes left out), in key order. */
    private static Map<String, String> items(AppTable table, String name, byte[] document) {
        var out = new TreeMap<String, String>();
        try (Reader in = new InputStreamReader(new java.io.ByteArrayInputStream(document), StandardCharsets.UTF_8)) {
            TableDocumentReader.read(in, name, table, (item, line) -> {
                var d = new ItemDigest();
                d.add(item, table.volatileAttributes());
                out.put(item.get(table.hashKey()).s(), d.hex());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] bytes(InputStream in) {
        try (InputStream s = in) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
