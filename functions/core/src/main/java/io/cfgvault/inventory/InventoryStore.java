package io.cfgvault.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inventory (port): devices, their pinned host keys, restore locks and last backup state. */
public interface InventoryStore {
    /** A device with its state and, while a restore runs, the restore lock; as read from the table. */
    record Entry(Device device, DeviceState state, Optional<RestoreLock> restoreLock) {
        public Entry(Device device, DeviceState state) {
            this(device, state, Optional.empty());
        }

        /** The lock when it is held and younger than {@code expiry} (an older one counts as abandoned). */
        public Optional<RestoreLock> restoreLock(Instant now, Duration expiry) {
            return restoreLock.filter(l -> l.at().isAfter(now.minus(expiry)));
        }
    }

    /** Who restores a device since when: the restore job's id, or empty for a CLI restore. */
    record RestoreLock(String actor, Optional<String> job, Instant at) {}

    /** Where a device came from: the inventory source's identity and the source's own id of the device. */
    record Origin(String source, String ref) {}

    List<Entry> list();

    /**
     * The inventory one scan page (up to 1 MB) at a time, so that a caller that queues devices page by page holds one
     * page in memory however large the inventory is. Each page is sorted by name.
     */
    Iterable<List<Entry>> pages();

    Optional<Entry> get(String name);

    /** Several devices in one round trip per 100 (BatchGetItem); absent names are simply missing from the map. */
    Map<String, Entry> getAll(Collection<String> names);

    /**
     * Upserts devices from an inventory file. Their backup state is kept, and so is a pinned host key unless the
     * file pins one itself: re-importing a file never silently un-pins a key.
     */
    void upsert(List<Device> devices);

    /** The origin of every device an inventory source brought in; devices from a file or import have none. */
    Map<String, Origin> origins();

    /**
     * Writes a device as an inventory source describes it, with the source's identity. Its pinned host key, options
     * and backup state are left as they are.
     */
    void upsertFromSource(Device d, String source, String ref);

    /** Pins a host key seen on first contact; a no-op if another worker pinned one meanwhile. */
    void pinHostKey(String name, String hostKey);

    /** Forgets the pinned key so that the next contact pins the device's current key (explicit re-trust). */
    void clearHostKey(String name);

    /**
     * Takes the device's restore lock: at most one restore per device at a time; a lock older than
     * {@code expiry} (a crashed restore) may be taken over.
     *
     * @throws IllegalStateException naming who holds the lock and since when
     */
    default void lockRestore(String name, String actor, Instant now, Duration expiry) {
        lockRestore(name, actor, Optional.empty(), now, expiry);
    }

    /**
     * Takes the device's restore lock for {@code actor} (and restore job {@code job}, which may take it again: the API
     * locks when it accepts the job, the worker when it runs it). A lock older than {@code expiry} is taken over.
     *
     * @throws RestoreLockedException while another restore holds it
     */
    void lockRestore(String name, String actor, Optional<String> job, Instant now, Duration expiry);

    /** The restore lock of a device, when one is held and not older than {@code expiry}. */
    Optional<RestoreLockedException> restoreLock(String name, Instant now, Duration expiry);

    void unlockRestore(String name);

    void recordState(String name, DeviceState s);
}
