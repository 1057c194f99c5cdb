package io.cfgvault.destinations;

import io.cfgvault.events.EventPublisher;
import io.cfgvault.settings.Configuration;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.store.ObjectStore;
import io.cfgvault.store.S3Layout;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a job, delivers the changed device configs (and, where chosen, table exports) to every enabled destination.
 * A destination that fails is retried with backoff, reported, and owes what it missed to the next job; it never
 * fails the backup.
 */
public final class DestinationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationRunner.class);
    public static final String DELIVERY_FAILED = "Destination Delivery Failed";

    /** What a job changed, by name: the runner reads their current copies from the bucket. */
    public record Changes(String jobId, List<Changed> devices, List<String> tables) {}

    /** A changed device with its line counts. */
    public record Changed(String device, int linesAdded, int linesRemoved) {}

    /** Sleeps between attempts; tests pass one that does not. */
    public interface Backoff {
        void pause(int attempt) throws InterruptedException;

        Backoff EXPONENTIAL = attempt -> Thread.sleep(Duration.ofSeconds(1L << Math.min(attempt - 1, 4)).toMillis());
    }

    private final ObjectStore store;
    private final SecretReader secrets;
    private final Function<Destination.S3, ObjectStore> buckets;
    private final EventPublisher events;
    private final Clock clock;
    private final Backoff backoff;
    private final GitDelivery git;
    private final int attempts;

    public DestinationRunner(ObjectStore store, SecretReader secrets, Function<Destination.S3, ObjectStore> buckets,
                             EventPublisher events, Clock clock, Backoff backoff, Path gitWorkRoot, int attempts) {
        this.store = store;
        this.secrets = secrets;
        this.buckets = buckets;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
        this.git = new GitDelivery(gitWorkRoot);
        this.attempts = attempts;
    }

    /** Delivers to every destination in the configuration; returns one result per destination (empty when none). */
    public List<DestinationResult> deliver(Configuration configuration, S3Layout layout, Changes changes) {
        List<Destination> destinations = DestinationSettings.parse(configuration);
        if (destinations.isEmpty()) {
            return List.of();
        }
        var status = new DestinationStatus(store, layout.destinationsMetadata());
        Map<String, DestinationStatus.Owed> owed = status.owed();
        var documents = new DocumentCache(store, layout);
        var results = new ArrayList<DestinationResult>();
        for (Destination d : destinations) {
            DestinationStatus.Owed before = owed.getOrDefault(d.name(), DestinationStatus.Owed.NOTHING);
            if (!d.enabled()) {
                // Keep what it owes, so that switching it back on delivers the gap.
                results.add(result(d, DestinationResult.Status.DISABLED, 0, 0, 0, Optional.empty(), Optional.empty(),
                        union(before.devices(), changes.devices().stream().map(Changed::device).toList()),
                        d.tables() ? union(before.tables(), changes.tables()) : List.of()));
                continue;
            }
            results.add(deliverOne(d, layout, changes, before, documents));
        }
        try {
            status.write(results);
        } catch (RuntimeException e) {
            LOG.warn("job {}: could not record destination status: {}", changes.jobId(), e.getMessage());
        }
        return results;
    }

    private DestinationResult deliverOne(Destination d, S3Layout layout, Changes changes, DestinationStatus.Owed before,
                                         DocumentCache documents) {
        var lines = new LinkedHashMap<String, Changed>();
        before.devices().forEach(name -> lines.put(name, new Changed(name, 0, 0)));
        changes.devices().forEach(c -> lines.put(c.device(), c));
        List<String> tableNames = d.tables() ? union(before.tables(), changes.tables()) : List.of();
        var devices = new ArrayList<Delivery.DeviceFile>();
        for (Changed c : lines.values()) {
            documents.device(c).filter(f -> d.selector().matches(f.device(), f.model(), f.group())).ifPresent(devices::add);
        }
        var tables = new ArrayList<Delivery.TableFile>();
        tableNames.forEach(t -> documents.table(t).ifPresent(tables::add));
        var delivery = new Delivery(changes.jobId(), layout.partition().deployment(), devices, tables);
        List<String> owedDevices = devices.stream().map(Delivery.DeviceFile::device).toList();
        List<String> owedTables = tables.stream().map(Delivery.TableFile::table).toList();
        if (delivery.isEmpty()) {
            return result(d, DestinationResult.Status.UP_TO_DATE, 0, 0, 0, Optional.empty(), Optional.empty(), List.of(), List.of());
        }
        String lastError = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Optional<String> commit = send(d, delivery);
                LOG.info("job {}: destination {} received {} devices, {} tables{}", changes.jobId(), d.name(),
                        devices.size(), tables.size(), commit.map(c -> " (commit " + c.substring(0, 12) + ")").orElse(""));
                return result(d, commit.isPresent() || d instanceof Destination.S3 ? DestinationResult.Status.DELIVERED
                        : DestinationResult.Status.UP_TO_DATE, attempt, devices.size(), tables.size(), commit, Optional.empty(), List.of(), List.of());
            } catch (Exception e) {
                lastError = describe(e);
                if (d instanceof Destination.Git g) {
                    g.credentials().ifPresent(secrets::forget);
                }
                LOG.warn("job {}: destination {} attempt {}/{} failed: {}", changes.jobId(), d.name(), attempt, attempts, lastError);
                if (attempt < attempts) {
                    try {
                        backoff.pause(attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        var failed = result(d, DestinationResult.Status.FAILED, attempts, devices.size(), tables.size(), Optional.empty(),
                Optional.of(lastError), owedDevices, owedTables);
        publishFailure(changes.jobId(), layout, failed);
        return failed;
    }

    private Optional<String> send(Destination d, Delivery delivery) throws Exception {
        return switch (d) {
            case Destination.Git g -> git.push(g, g.credentials().map(secrets::read), delivery);
            case Destination.S3 s -> {
                ObjectStore target = buckets.apply(s);
                for (var f : delivery.devices()) {
                    target.put(s.prefix() + f.latestKey(), f.document(), "application/yaml", Map.of());
                }
                for (var t : delivery.tables()) {
                    target.put(s.prefix() + t.latestKey(), t.document(), "application/yaml", Map.of());
                }
                yield Optional.empty();
            }
        };
    }

    private void publishFailure(String jobId, S3Layout layout, DestinationResult r) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("jobId", jobId);
        detail.put("deployment", layout.partition().deployment());
        detail.put("destination", r.destination());
        detail.put("type", r.type());
        detail.put("error", r.error().orElse(""));
        detail.put("pendingDevices", r.pendingDevices().size());
        try {
            events.publish(DELIVERY_FAILED, detail);
        } catch (RuntimeException e) {
            LOG.warn("could not publish '{}' event: {}", DELIVERY_FAILED, e.getMessage());
        }
    }

    private DestinationResult result(Destination d, DestinationResult.Status s, int attempts, int devices, int tables,
                                     Optional<String> commit, Optional<String> error, List<String> pendingDevices, List<String> pendingTables) {
        return new DestinationResult(d.name(), d instanceof Destination.Git ? "git" : "s3", s, attempts, devices, tables,
                commit, error, pendingDevices, pendingTables, clock.instant());
    }

    /** The cause chain's messages, without anything that could be a credential (JGit never puts tokens in them). */
    private static String describe(Throwable e) {
        var parts = new LinkedHashSet<String>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            String m = t.getMessage();
            parts.add(m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip());
        }
        return String.join(": ", parts);
    }

    private static List<String> union(List<String> a, List<String> b) {
        var s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    /** Reads each current copy once per job, however many destinations want it. */
    private static final class DocumentCache {
        private final ObjectStore store;
        private final S3Layout layout;
        private final BackupHistory history;
        private final Map<String, Optional<Delivery.DeviceFile>> devices = new LinkedHashMap<>();
        private final Map<String, Optional<Delivery.TableFile>> tables = new LinkedHashMap<>();

        DocumentCache(ObjectStore store, S3Layout layout) {
            this.store = store;
            this.layout = layout;
            this.history = new BackupHistory(store, layout);
        }

        Optional<Delivery.DeviceFile> device(Changed c) {
            return devices.computeIfAbsent(c.device(), name -> history.document(name, BackupHistory.LATEST).map(bytes -> {
                DeviceDocument doc = DeviceDocument.parse(new String(bytes, StandardCharsets.UTF_8));
                return new Delivery.DeviceFile(name, doc.model(), doc.group(), doc.platform(), layout.latestDevice(name),
                        bytes, doc.config(), c.linesAdded(), c.linesRemoved());
            }));
        }

        Optional<Delivery.TableFile> table(String table) {
            return tables.computeIfAbsent(table, t -> read(layout.latestTable(t)).map(b -> new Delivery.TableFile(t, layout.latestTable(t), b)));
        }

        private Optional<byte[]> read(String key) {
            return store.open(key).map(in -> {
                try (InputStream s = in) {
                    return s.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
