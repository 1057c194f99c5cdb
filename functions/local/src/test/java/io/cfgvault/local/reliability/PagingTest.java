package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.SharedAws;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Long lists page (count and byte budget, with a {@code next} cursor) instead of failing with response_too_large. */
class PagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static Api api;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("paging");
        api = Api.create(services);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void jobsWhoseListWouldExceedTheResponseLimitComeInPages() throws Exception {
        var names = new ArrayList<String>();
        for (int i = 0; i < 1000; i++) {
            names.add("device-with-a-long-name-of-the-campus-access-layer-" + i);
        }
        var selector = new JobRequest.DeviceSelector(names, Optional.empty(), Optional.empty());
        for (int i = 0; i < 80; i++) {
            var request = new JobRequest(Trigger.API, Instant.now().minusSeconds(i), false, true, selector, "local:test");
            services.jobStore().create("api-big-" + i, request, Map.of("accountId", "000000000000", "region", "us-east-1", "deployment", "default"));
        }
        var seen = all("/jobs", Map.of("limit", "500"), "jobs", "jobId");
        assertEquals(80, seen.pages() > 1 ? seen.ids().size() : -1, "80 jobs of ~55 KB each need more than one page: " + seen.pages());
    }

    @Test
    void auditPagesCoverEveryEntryOnce() throws Exception {
        for (int i = 0; i < 250; i++) {
            services.auditLog().record("local:pager", "PUT /configuration", "entry-" + i, "ok", Map.of("n", Integer.toString(i)));
        }
        var seen = all("/audit", Map.of("limit", "100", "actor", "local:pager"), "entries", "target");
        assertEquals(250, seen.ids().size());
        assertEquals(3, seen.pages());
    }

    @Test
    void deviceVersionsPage() throws Exception {
        var layout = services.layout();
        for (int i = 0; i < 30; i++) {
            services.store().put(layout.archiveDevice("pg-01", Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * i)),
                    "device: pg-01\n".getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of());
        }
        var seen = all("/devices/pg-01/backups", Map.of("limit", "12"), "versions", "version");
        assertEquals(30, seen.ids().size());
        assertEquals(3, seen.pages());
        assertEquals(400, get("/audit", Map.of("cursor", "-3")).status());
    }

    record Seen(List<String> ids, int pages) {}

    private static Seen all(String path, Map<String, String> query, String field, String id) throws Exception {
        var ids = new ArrayList<String>();
        var distinct = new HashSet<String>();
        String cursor = null;
        int pages = 0;
        do {
            var q = new java.util.HashMap<>(query);
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            ApiResponse r = get(path, q);
            assertEquals(200, r.status(), r.bodyText().substring(0, Math.min(300, r.bodyText().length())));
            assertTrue(r.body().length < Api.MAX_RESPONSE_BYTES);
            JsonNode body = JSON.readTree(r.body());
            for (JsonNode n : body.get(field)) {
                ids.add(n.get(id).asText());
                assertTrue(distinct.add(n.get(id).asText()), "listed twice: " + n.get(id));
            }
            pages++;
            cursor = body.hasNonNull("next") ? body.get("next").asText() : null;
            assertFalse(pages > 100, "paging does not end");
        } while (cursor != null);
        return new Seen(ids, pages);
    }

    private static ApiResponse get(String path, Map<String, String> query) {
        var q = new java.util.LinkedHashMap<String, List<String>>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return api.handle(new ApiRequest("GET", path, q, Map.of(), new byte[0], "test", "r"));
    }
}
