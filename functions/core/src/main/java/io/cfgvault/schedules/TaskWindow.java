package io.cfgvault.schedules;

import io.cfgvault.jobs.JobRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The task window: every schedule with its expression, zone, state, next five fires (UTC and local) and its last
 * three jobs. Jobs are found by the job-id rule ({@code sched-<deployment>[-<entry>]-<yyyyMMdd'T'HHmmss'Z'>}).
 */
public final class TaskWindow {
    static final int NEXT = 5;
    static final int LAST = 3;
    private static final Pattern STAMP = Pattern.compile("\\d{8}T\\d{6}Z");

    private final Schedules schedules;
    private final Supplier<List<JobRecord>> recentJobs;
    private final Supplier<String> deployment;

    /** {@code recentJobs}: newest first, enough to reach three per schedule in normal use. */
    public TaskWindow(Schedules schedules, Supplier<List<JobRecord>> recentJobs, Supplier<String> deployment) {
        this.schedules = schedules;
        this.recentJobs = recentJobs;
        this.deployment = deployment;
    }

    /** The window at {@code now}, as plain maps and lists (JSON-ready). */
    public Map<String, Object> at(Instant now) {
        List<Schedule> all = schedules.all();
        List<JobRecord> jobs = recentJobs.get();
        String prefix = "sched-" + deployment.get() + "-";
        var rows = new ArrayList<Map<String, Object>>();
        ZoneId deploymentZone = all.get(0).zone();
        for (Schedule s : all) {
            var row = new LinkedHashMap<String, Object>();
            row.put("id", s.id());
            row.put("kind", s.entry().flatMap(ScheduleEntry::sync).map(t -> "inventory sync (" + t.source() + ")")
                    .orElse(s.entry().isPresent() ? "scheduler entry" : "backup.cron"));
            row.put("expression", s.expression().toString() + (s.configured() ? "" : " (stack default)"));
            row.put("timeZone", s.expression().kind() == ScheduleExpression.Kind.LOCALCRON ? s.zone().getId() : "UTC");
            row.put("state", s.state());
            s.entry().ifPresent(e -> {
                row.put("tables", e.tables());
                var selector = new LinkedHashMap<String, Object>();
                if (!e.selector().names().isEmpty()) {
                    selector.put("devices", e.selector().names());
                }
                e.selector().model().ifPresent(m -> selector.put("model", m));
                e.selector().group().ifPresent(g -> selector.put("group", g));
                row.put("selector", selector);
            });
            var next = new ArrayList<Map<String, String>>();
            if (s.active()) {
                ZoneId local = s.entry().flatMap(ScheduleEntry::timezone).orElse(deploymentZone);
                for (Instant fire : s.fires().next(now, NEXT)) {
                    next.add(Map.of("utc", fire.toString(), "local", fire.atZone(local).toOffsetDateTime().toString()));
                }
            }
            row.put("nextFires", next);
            String own = prefix + (s.entry().isPresent() ? s.id() + "-" : "");
            var last = new ArrayList<Map<String, Object>>();
            for (JobRecord job : jobs) {
                if (last.size() == LAST) {
                    break;
                }
                if (job.id().startsWith(own) && STAMP.matcher(job.id().substring(own.length())).matches()) {
                    var j = new LinkedHashMap<String, Object>();
                    j.put("jobId", job.id());
                    j.put("status", job.status());
                    j.put("counts", Map.of("total", job.total(), "succeeded", job.succeeded(), "failed", job.failed(),
                            "changed", job.changed()));
                    j.put("startedAt", job.startedAt().toString());
                    j.put("finishedAt", job.finishedAt().map(Instant::toString).orElse(null));
                    last.add(j);
                }
            }
            row.put("lastJobs", last);
            rows.add(row);
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("now", now.toString());
        out.put("timeZone", deploymentZone.getId());
        out.put("schedules", rows);
        return out;
    }
}
