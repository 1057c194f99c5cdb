package io.cfgvault.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The S3 key contract from DESIGN.md; every key the service writes is built here. */
public final class S3Layout {
    /** Archive version stamp: {@code yyyyMMdd'T'HHmmss'Z'}, sortable as text. */
    public static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Partition partition;

    public S3Layout(Partition partition) {
        this.partition = partition;
    }

    public Partition partition() {
        return partition;
    }

    public static String version(Instant time) {
        return VERSION.format(time);
    }

    public String latestTable(String table) {
        return "latest/" + partition.path() + "/" + table + ".yaml";
    }

    public String archiveTable(String table, Instant time) {
        return archiveTablePrefix(table) + version(time) + ".yaml";
    }

    public String archiveTablePrefix(String table) {
        return "archive/" + partition.path() + "/" + table + "/";
    }

    public String latestDevice(String device) {
        return "latest/" + partition.path() + "/devices/" + device + ".yaml";
    }

    public String archiveDevice(String device, Instant time) {
        return archiveDevice(device, version(time));
    }

    /** The archive key of a device's version stamp; {@link BackupHistory} reads history through these keys. */
    public String archiveDevice(String device, String version) {
        return archiveDevicePrefix(device) + version + ".yaml";
    }

    public String archiveDevicePrefix(String device) {
        return "archive/" + partition.path() + "/devices/" + device + "/";
    }

    /**
     * A device's startup config, beside its running config: {@code latest/<p>/startup/<device>.yaml}, rewritten when
     * the startup config changed. A folder of its own, so that no device name can collide with it.
     */
    public String latestStartup(String device) {
        return "latest/" + partition.path() + "/startup/" + device + ".yaml";
    }

    /** Archive copy of a changed startup config: {@code archive/<p>/startup/<device>/<version>.yaml}. */
    public String archiveStartup(String device, String version) {
        return archiveStartupPrefix(device) + version + ".yaml";
    }

    public String archiveStartupPrefix(String device) {
        return "archive/" + partition.path() + "/startup/" + device + "/";
    }

    /** Rejected fetches, kept for diagnosis only; never read as a backup. Millisecond stamps: retries come fast. */
    public String failedDevice(String device, Instant time) {
        return "failed/" + partition.path() + "/devices/" + device + "/" + FAILED_VERSION.format(time) + ".yaml";
    }

    private static final DateTimeFormatter FAILED_VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    public String deploymentMetadata() {
        return "metadata/deployments/" + partition.path() + "/deployment.json";
    }

    public String devicesMetadata() {
        return "metadata/devices/" + partition.path() + "/devices.json";
    }

    /** The jobs dataset: one JSON Lines file per UTC day, holding the jobs that started that day. */
    public String jobsMetadata(java.time.LocalDate day) {
        return "metadata/jobs/" + partition.path() + "/day=" + day + "/jobs.json";
    }

    /** The changes dataset: one small object per change, so that concurrent workers never rewrite each other's lines. */
    public String changeMetadata(Instant at, String version, String device) {
        return "metadata/changes/" + partition.path() + "/day=" + java.time.LocalDate.ofInstant(at, ZoneOffset.UTC)
                + "/" + version + "-" + device + ".json";
    }

    /** A shared zip of a selection of configs; expired by the {@code exports/} lifecycle rule. */
    public String export(String exportId) {
        return "exports/" + partition.path() + "/" + exportId + ".zip";
    }

    /** A queued export's selection and progress, beside its zip (and expired with it). */
    public String exportStatus(String exportId) {
        return "exports/" + partition.path() + "/" + exportId + ".json";
    }

    /** Each destination's last delivery and what it still owes (JSON Lines). */
    public String destinationsMetadata() {
        return "metadata/destinations/" + partition.path() + "/destinations.json";
    }
}
