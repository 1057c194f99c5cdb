package io.cfgvault.jobs;

import io.cfgvault.tables.TableExporter;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The jobs (port): each job's status and counters, the devices it covers, one result per device counted once however
 * often it is recorded, and the extras a job collects (table exports, destinations, restore details, write-back).
 */
public interface JobStore {
    /** Creates a queued job; false when a job with this id exists already (a redelivered scheduled event). */
    boolean create(String id, JobRequest request, Map<String, String> partition);

    void setTables(String id, List<TableExporter.Result> results);

    /** Records how each destination fared after the job (see {@code destinations.DestinationResult#toMap}). */
    void setDestinations(String id, List<Map<String, Object>> results);

    /** The destination results recorded for a job, if any. */
    List<Map<String, Object>> destinations(String id);

    /**
     * Moves a job to running with the devices it covers. The device list lives in chunk items
     * ({@code <jobId>#devices#<n>}), not in the job item: every counter update is billed by the size of the item
     * it touches, and a 10,000-name list would make each one cost about 150 write units.
     */
    void start(String id, List<String> devices);

    /** Adds chunk {@code chunk} of a job's device list (at most a few thousand names, one inventory page). */
    void addDevices(String id, int chunk, List<String> devices);

    /** Moves a job to running once all its {@code chunks} device chunks are written; its workers may have begun. */
    void start(String id, int total, int chunks);

    /** The devices a job covers, in the order it was started with. */
    List<String> devices(String jobId);

    /**
     * Records one device's outcome and counts it, atomically and at most once per job and device.
     *
     * @return false when this device was already recorded for this job (a redelivery)
     */
    boolean recordDevice(String jobId, JobSummary.DeviceOutcome o);

    /**
     * Records a batch of outcomes and counts them with one counter update per transaction, at most once per job and
     * device: each result is put only if absent, in the same transaction as the counter increments. Devices recorded
     * before (a redelivered message) are left out and the rest retried, so a batch costs one counter update instead
     * of one per device.
     *
     * @return the devices this call counted
     */
    Set<String> recordDevices(String jobId, List<JobSummary.DeviceOutcome> outcomes);

    /**
     * Which of these devices already have a result in this job (one round trip per 100 devices). Eventually
     * consistent, at half the read units: a result it misses only costs a redundant fetch, whose counting the
     * conditional put in {@link #recordDevices} then refuses.
     */
    Set<String> recorded(String jobId, Collection<String> devices);

    /**
     * Sets the final status if every device is counted and nobody finished the job yet.
     *
     * @return the finished job when this call finished it, empty otherwise (exactly one caller wins)
     */
    Optional<JobRecord> finishIfDone(String id);

    /** Marks a job failed (tables unreachable, queue down) unless it already finished. */
    Optional<JobRecord> fail(String id, String error);

    Optional<JobRecord> get(String id);

    /** Jobs newest first. */
    List<JobRecord> list(int limit);

    /** The jobs created on one UTC day, oldest first. */
    List<JobRecord> listDay(LocalDate date);

    /** Stores what a restore job restores and, once run, how it went (JSON: device, version, result, steps). */
    void setRestore(String id, Map<String, Object> restore);

    /** A restore job's details; empty for a backup job or an unknown id. */
    Optional<Map<String, Object>> restore(String id);

    /** Restore jobs newest first, each the job's summary with its restore details. */
    List<Map<String, Object>> restores(int limit);

    /** Results of the devices recorded so far, in the job's device order. */
    List<Map<String, Object>> deviceResults(String jobId);

    /** The job as a summary object, for callers that waited for it to finish. */
    JobSummary summary(String jobId);

    /** Keeps what the write-back to the source of truth did, on the finished job. */
    void setWriteBack(String id, String note);
}
