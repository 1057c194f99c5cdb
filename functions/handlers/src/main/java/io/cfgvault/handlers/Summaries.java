package io.cfgvault.handlers;

import io.cfgvault.jobs.JobSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a job summary into plain maps, which every Lambda serializer handles. */
final class Summaries {
    private Summaries() {}

    static Map<String, Object> toMap(JobSummary s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("jobId", s.jobId());
        m.put("trigger", s.trigger().name().toLowerCase(java.util.Locale.ROOT));
        m.put("status", s.status());
        m.put("startedAt", s.startedAt().toString());
        m.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
        m.put("tables", s.tables().stream().map(t -> {
            var r = new LinkedHashMap<String, Object>();
            r.put("table", t.table());
            r.put("latestKey", t.latestKey());
            r.put("archiveKey", t.archiveKey());
            r.put("items", t.items());
            r.put("bytes", t.bytes());
            r.put("changed", t.changed());
            return (Object) r;
        }).toList());
        List<Object> devices = s.devices().stream().map(d -> {
            var r = new LinkedHashMap<String, Object>();
            r.put("device", d.device());
            r.put("status", d.status());
            r.put("changed", d.changed());
            r.put("bytes", d.bytes());
            r.put("durationMillis", d.durationMillis());
            r.put("error", d.error());
            return (Object) r;
        }).toList();
        m.put("devices", devices);
        return m;
    }
}
