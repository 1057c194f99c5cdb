package io.cfgvault.handlers.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.handlers.api.Router.Call;
import io.cfgvault.store.Names;
import io.cfgvault.jobs.BackupFailedException;
import io.cfgvault.jobs.BackupJobs;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobStore;
import io.cfgvault.jobs.SelectionRejected;
import io.cfgvault.jobs.Trigger;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** On-demand backups ({@code POST /backups} -> 202 with the job id) and job progress. */
final class JobRoutes {
    private static final Set<String> BACKUP_FIELDS = Set.of("devices", "model", "group", "tables");
    /** Most device names one POST /backups may list; larger selections use model, group or all devices. */
    static final int MAX_DEVICES_PER_REQUEST = 1000;

    private final Supplier<BackupJobs> jobs;
    private final JobStore store;
    private final Clock clock;

    JobRoutes(Supplier<BackupJobs> jobs, JobStore store, Clock clock) {
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("POST", "/backups", Set.of(), Body.JSON, this::start)
                .add("GET", "/jobs", Set.of("limit", "cursor"), Body.NONE, this::list)
                .add("GET", "/jobs/{id}", Set.of("limit", "cursor"), Body.NONE, this::get);
    }

    private ApiResponse start(Call call) {
        ObjectNode body = Json.object(call.request(), BACKUP_FIELDS);
        Optional<List<String>> names = Json.strings(body, "devices");
        Optional<String> model = Json.string(body, "model");
        Optional<String> group = Json.string(body, "group");
        boolean tables = Json.bool(body, "tables").orElse(true);
        if (names.isPresent() && names.get().isEmpty()) {
            throw ApiException.badRequest("invalid_field", "field 'devices' is an empty list; leave it out to back up every device");
        }
        if (names.isPresent() && names.get().size() > MAX_DEVICES_PER_REQUEST) {
            throw ApiException.badRequest("too_many_devices", "field 'devices' lists " + names.get().size()
                    + " names; one request takes at most " + MAX_DEVICES_PER_REQUEST
                    + ". Select larger sets with 'model' or 'group', leave 'devices' out for all, or split the list");
        }
        for (String n : names.orElse(List.of())) {
            Names.deviceNameProblem(n).ifPresent(problem -> {
                throw new ApiException(400, "invalid_field", "field 'devices': " + problem, Map.of("field", "devices"), Map.of());
            });
        }
        var selector = new JobRequest.DeviceSelector(names.map(List::copyOf).orElse(List.of()), model, group);
        try {
            jobs.get().checkSelection(selector);
        } catch (SelectionRejected e) {
            throw e.reason() == SelectionRejected.Reason.UNKNOWN_DEVICES
                    ? new ApiException(404, "unknown_device", e.getMessage(), Map.of("devices", e.unknown()), Map.of())
                    : ApiException.notFound("no_matching_devices", e.getMessage());
        }
        var request = new JobRequest(Trigger.API, clock.instant().truncatedTo(ChronoUnit.SECONDS), tables, true,
                selector, call.request().user());
        BackupJobs.JobStart started;
        try {
            started = jobs.get().start(request);
        } catch (BackupFailedException e) {
            // Its message names the unreachable endpoint and what to check; it holds no secrets.
            throw new ApiException(500, "backup_failed", e.getMessage());
        }
        var details = new LinkedHashMap<String, String>();
        details.put("jobId", started.jobId());
        names.ifPresent(n -> details.put("devices", String.join(",", n)));
        model.ifPresent(m -> details.put("model", m));
        group.ifPresent(g -> details.put("group", g));
        details.put("tables", Boolean.toString(tables));
        if (!started.created()) {
            throw new ApiException(409, "job_exists", "job " + started.jobId()
                    + " already exists for this request; GET /jobs/" + started.jobId() + " shows its progress",
                    Map.of("jobId", started.jobId()), Map.of());
        }
        return ApiResponse.json(202, Map.of("jobId", started.jobId()))
                .withHeader("Location", "/jobs/" + started.jobId())
                .audited("job/" + started.jobId(), details);
    }

    private ApiResponse list(Call call) {
        int limit = call.request().limit("limit", 50, 500);
        int cursor = Page.cursor(call.request());
        var all = new ArrayList<Object>();
        for (JobRecord j : store.list(cursor + limit + 1)) {
            all.add(j.toMap());
        }
        var body = new LinkedHashMap<String, Object>();
        Page.of(all, cursor, limit).into(body, "jobs");
        return ApiResponse.json(200, body);
    }

    private ApiResponse get(Call call) {
        String id = call.param("id");
        Names.jobIdProblem(id).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_job_id", problem);
        });
        JobRecord job = store.get(id).orElseThrow(() -> ApiException.notFound("unknown_job", "there is no job '" + id
                + "' (jobs expire after their TTL); GET /jobs lists recent jobs"));
        var body = new LinkedHashMap<String, Object>(job.toMap());
        // a restore job: what was restored, how it ended and its steps (login, push, verify, rollback)
        store.restore(id).ifPresent(r -> {
            body.put("kind", "restore");
            body.put("restore", r);
        });
        List<Map<String, Object>> results = store.deviceResults(id);
        // Step traces explain failures; for devices that succeeded they only make a 10,000-device job too big.
        var devices = new ArrayList<Map<String, Object>>(results.size());
        for (Map<String, Object> r : results) {
            if (Boolean.TRUE.equals(r.get("ok")) && r.containsKey("trace")) {
                var copy = new LinkedHashMap<>(r);
                copy.remove("trace");
                devices.add(copy);
            } else {
                devices.add(r);
            }
        }
        // A 10,000-device job's results page like the other lists; the counts in the job cover all devices.
        Page.of(devices, Page.cursor(call.request()), call.request().limit("limit", 10_000, 10_000)).into(body, "devices");
        return ApiResponse.json(200, body);
    }
}
