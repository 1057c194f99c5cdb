package io.cfgvault.local.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.source.DcimSource;
import io.cfgvault.inventory.source.InventorySync;
import io.cfgvault.inventory.source.PlatformMap;
import io.cfgvault.inventory.source.SourceApi;
import io.cfgvault.jobs.DeviceStatus;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * After a job, the last successful backup time and status go back to NetBox custom fields (a recorded NetBox on
 * 127.0.0.1 receives the bulk PATCH), and a NetBox that refuses is reported on the job, which still completes.
 */
class WriteBackTest {
    static final Instant OK_AT = Instant.parse("2026-12-01T21:00:00Z");

    Services services;
    RecordedDcim netbox;

    @BeforeEach
    void start() throws Exception {
        services = SharedAws.isolated("writeback", b -> b.sourceTokens(InventorySyncTest.environmentTokens()));
        netbox = new RecordedDcim("netbox-devices-page1.json", "netbox-devices-page2.json");
        PlatformMap platforms = PlatformMap.of(services.configuration(), new HashSet<>(Profiles.builtin().names()));
        try (SourceApi api = new SourceApi("NetBox", netbox.url(), InventorySyncTest.TOKEN, Duration.ofSeconds(10))) {
            new InventorySync(services.inventory()).run(new DcimSource(DcimSource.Kind.NETBOX, api, List.of(), platforms), "lab", false);
        }
        netbox.requests.clear();
    }

    @AfterEach
    void stop() {
        netbox.close();
        services.close();
    }

    void configure(String key, String value) {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    /** Runs a two-device job through the recorder as the workers do; returns the finished job as stored. */
    JobRecord runJob() {
        String id = "job-" + System.nanoTime();
        var jobs = services.jobStore();
        jobs.create(id, JobRequest.scheduled(OK_AT), Map.of());
        jobs.start(id, List.of("fra1-core-01", "fra1-edge-01"));
        services.inventory().recordState("fra1-core-01", new DeviceState(Optional.of(OK_AT), Optional.of(OK_AT), Optional.empty(),
                Optional.of("ab"), 100, "ok", Optional.empty(), Optional.of("20261201T210000Z"), Optional.of(id)));
        services.inventory().recordState("fra1-edge-01", new DeviceState(Optional.of(OK_AT), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, "auth_failed", Optional.of("authentication failed"), Optional.empty(), Optional.of(id)));
        var recorder = services.recorder();
        var layout = services.layout();
        recorder.record(id, layout, JobSummary.DeviceOutcome.succeeded("fra1-core-01", JobSummary.DeviceOutcome.Fetch.NONE,
                new JobSummary.DeviceOutcome.Stored(false, "k", null, null, "20261201T210000Z", 0, 0)));
        recorder.record(id, layout, JobSummary.DeviceOutcome.failed("fra1-edge-01", DeviceStatus.FAILED, "authentication failed",
                JobSummary.DeviceOutcome.Fetch.NONE));
        return jobs.get(id).orElseThrow();
    }

    @Test
    void lastSuccessAndStatusAreWrittenToCustomFieldsAfterAJob() throws Exception {
        configure("inventory.writeback.timeField", "cfgvault_last_backup");
        configure("inventory.writeback.statusField", "cfgvault_status");

        JobRecord job = runJob();

        assertEquals(1, netbox.patches().size(), "one bulk PATCH for both devices");
        var patch = netbox.patches().getFirst();
        assertEquals("/api/dcim/devices/", patch.path());
        assertEquals("Token " + InventorySyncTest.TOKEN, patch.authorization());
        JsonNode body = new ObjectMapper().readTree(patch.body());
        assertEquals(101, body.get(0).get("id").asInt());
        assertEquals(OK_AT.toString(), body.get(0).get("custom_fields").get("cfgvault_last_backup").asText());
        assertEquals("ok", body.get(0).get("custom_fields").get("cfgvault_status").asText());
        assertEquals(102, body.get(1).get("id").asInt());
        assertTrue(body.get(1).get("custom_fields").get("cfgvault_last_backup") == null, "never succeeded: no time is written");
        assertEquals("auth_failed", body.get(1).get("custom_fields").get("cfgvault_status").asText());
        assertEquals(Optional.of("netbox " + netbox.url() + ": 2 written"), job.writeBack());
    }

    @Test
    void refusedWriteBackIsReportedOnTheJobWhichStillCompletes() {
        configure("inventory.writeback.statusField", "cfgvault_status");
        netbox.patchStatus(400);

        JobRecord job = runJob();

        assertTrue(job.finished(), job.status());
        assertEquals(1, job.succeeded());
        String note = job.writeBack().orElseThrow();
        assertTrue(note.contains("0 written; not written: 2 devices: NetBox at " + netbox.url() + " answered HTTP 400"), note);
        assertTrue(job.toMap().containsKey("writeBack"));
    }

    @Test
    void nothingIsWrittenWhenNotConfigured() {
        JobRecord job = runJob();

        assertTrue(netbox.patches().isEmpty());
        assertEquals(Optional.empty(), job.writeBack());
    }
}
