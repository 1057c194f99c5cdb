package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.inventory.source.ChangeSet;
import io.cfgvault.inventory.source.ConfiguredSync;
import io.cfgvault.inventory.source.DcimSource;
import io.cfgvault.inventory.source.InventorySourceException;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.schedules.ScheduleEntry;
import io.cfgvault.schedules.Schedules;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fire of one schedule -> at most one job. EventBridge Scheduler (and {@code serve}'s ticker) sends a
 * Scheduled Event whose {@code time} is the scheduled time and whose {@code detail} names the schedule:
 * {@code {"entry": "<id>"}} for a scheduler entry, {@code {"key": "backup.cron"}} for the full backup, and
 * {@code {"key": "backup.cron", "origin": "stack"}} (or no detail: an EventBridge rule) for the stack's default
 * schedule. Job ids derive from schedule and time, so a redelivered fire starts nothing. Every fire also
 * reconciles the deployment's schedules with the tables, when a reconciler is configured.
 */
public final class ScheduledBackupHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final BackupJobs jobs;
    private final Schedules schedules;
    private final Runnable reconcile;
    private final Optional<ConfiguredSync> inventorySync;

    public ScheduledBackupHandler() {
        this(LambdaServices.services().backupJobs(), LambdaServices.services().schedules(), LambdaServices.reconcile(),
                Optional.of(LambdaServices.services().configuredSync()));
    }

    public ScheduledBackupHandler(BackupJobs jobs, Schedules schedules, Runnable reconcile) {
        this(jobs, schedules, reconcile, Optional.empty());
    }

    /** @param inventorySync runs the scheduler entries with {@code task: inventory-sync} */
    public ScheduledBackupHandler(BackupJobs jobs, Schedules schedules, Runnable reconcile, Optional<ConfiguredSync> inventorySync) {
        this.jobs = jobs;
        this.schedules = schedules;
        this.reconcile = reconcile;
        this.inventorySync = inventorySync;
    }

    public ScheduledBackupHandler(BackupJobs jobs, Schedules schedules) {
        this(jobs, schedules, () -> { });
    }

    /**
     * A scheduled NetBox/Nautobot sync: its change set, or the one-line reason the source could not be read (the
     * inventory is then unchanged). A redelivered fire syncs again, which changes nothing the first one did not.
     */
    private Map<String, Object> sync(ScheduleEntry.InventorySyncTask task) {
        var out = new LinkedHashMap<String, Object>();
        if (inventorySync.isEmpty()) {
            out.put("error", "inventory sync is not available here; the inventory was not changed");
            return out;
        }
        var filters = new ArrayList<Map.Entry<String, String>>();
        for (String f : task.filters()) {
            int eq = f.indexOf('=');
            filters.add(new AbstractMap.SimpleEntry<>(f.substring(0, eq).trim(), f.substring(eq + 1).trim()));
        }
        try {
            ChangeSet changes = inventorySync.get().run(DcimSource.Kind.parse(task.source()), filters, "scheduler");
            out.put("inventory", changes.report());
        } catch (InventorySourceException e) {
            System.err.println("cfgvault: scheduled inventory sync failed: " + e.getMessage());
            out.put("error", e.getMessage() + "; the inventory was not changed");
        }
        return out;
    }

    /** The fire an event stands for. */
    public static Schedules.Fire fire(ScheduledEvent event) {
        Instant time = event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : Instant.now();
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        Object entry = detail.get("entry");
        if (entry instanceof String id && !id.isBlank()) {
            return Schedules.Fire.entry(id, time);
        }
        boolean fromStack = !"backup.cron".equals(detail.get("key")) || "stack".equals(detail.get("origin"));
        return Schedules.Fire.backupCron(time, fromStack);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Schedules.Fire fire = fire(event);
        try {
            reconcile.run();
        } catch (RuntimeException e) {
            // The backup still runs; the reconciler tries again at the next fire and after the next write.
            System.err.println("cfgvault: reconciling schedules failed: " + e.getMessage());
        }
        jobs.closeStale(fire.time());
        Schedules.Decision decision = schedules.decide(fire);
        var out = new LinkedHashMap<String, Object>();
        out.put("schedule", fire.schedule());
        out.put("time", fire.time().toString());
        if (decision.sync().isPresent()) {
            out.putAll(sync(decision.sync().get()));
            out.put("reason", decision.reason());
            out.put("jobId", null);
            out.put("created", false);
            out.put("jobs", List.of());
            return out;
        }
        if (decision.request().isPresent() && !jobs.queued()) {
            // No queue (a bare local run): the job ran here, so answer with its whole summary.
            out.putAll(Summaries.toMap(jobs.run(decision.request().get())));
            out.put("reason", decision.reason());
            out.put("jobs", List.of(Map.of("jobId", out.get("jobId"), "created", true)));
            return out;
        }
        Optional<BackupJobs.JobStart> started = decision.request().map(jobs::submit);
        out.put("jobId", started.map(BackupJobs.JobStart::jobId).orElse(null));
        out.put("created", started.map(BackupJobs.JobStart::created).orElse(false));
        out.put("reason", decision.reason());
        out.put("jobs", started.map(s -> List.of(Map.of("jobId", (Object) s.jobId(), "created", s.created()))).orElse(List.of()));
        return out;
    }
}
