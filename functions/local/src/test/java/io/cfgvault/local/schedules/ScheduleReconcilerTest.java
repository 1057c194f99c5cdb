package io.cfgvault.local.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.aws.Endpoints;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.local.SharedAws;
import io.cfgvault.schedules.ScheduleReconciler;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reconciler's plan against EventBridge Scheduler's real API shapes served on 127.0.0.1 (Scheduler has no
 * emulator): the real SDK client creates, updates and deletes the deployment's schedules and leaves others alone.
 */
class ScheduleReconcilerTest {
    static final String GROUP = "cfgvault-test";
    static final String TARGET = "arn:aws:lambda:us-east-1:123456789012:function:cfgvault-scheduled";
    static final String ROLE = "arn:aws:iam::123456789012:role/cfgvault-scheduler-invoke";
    static final String OTHER_TARGET = "arn:aws:lambda:us-east-1:123456789012:function:someone-else";
    static final ObjectMapper JSON = new ObjectMapper();

    LoopbackScheduler scheduler;
    Services base;
    Services services;
    ScheduleReconciler reconciler;

    @BeforeEach
    void start() throws Exception {
        scheduler = new LoopbackScheduler();
        base = SharedAws.isolated("reconcile");
        var env = new HashMap<>(base.settings().endpoints().env());
        env.put("AWS_ENDPOINT_URL_SCHEDULER", scheduler.endpoint().toString());
        services = new Services(base.settings().withEndpoints(new Endpoints(env)));
        reconciler = services.scheduleReconciler(Map.of("CFGVAULT_SCHEDULE_GROUP", GROUP, "CFGVAULT_SCHEDULE_ROLE_ARN", ROLE,
                "CFGVAULT_SCHEDULE_TARGET_ARN", TARGET)).orElseThrow();
        setConfig("backup.timezone", "Europe/Paris");
        scheduler.seed(GROUP, "nightly-report", "cron(0 6 * * ? *)", OTHER_TARGET);
        scheduler.seed(GROUP, "cfgvault-entry-lookalike", "rate(1 hour)", OTHER_TARGET);
        scheduler.seed(GROUP, "cfgvault-entry-stale", "rate(1 hour)", TARGET);
        scheduler.seed("default", "cfgvault-entry-other-group", "rate(1 hour)", TARGET);
    }

    @AfterEach
    void stop() {
        services.close();
        base.close();
        scheduler.close();
    }

    void setConfig(String key, String value) {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    void deleteConfig(String key) {
        services.dynamo().deleteItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .key(Map.of("key", AttributeValue.fromS(key))));
    }

    void entries(String yaml, TableImporter.Mode mode) {
        new TableImporter(services.dynamo(), services.tableNames()).importDocument(AppTable.SCHEDULER,
                TableImporter.source("s.yaml", yaml.getBytes(StandardCharsets.UTF_8)), mode);
    }

    static List<String> plan(List<ScheduleReconciler.Change> changes) {
        return changes.stream().map(c -> c.action() + " " + c.name()).toList();
    }

    JsonNode remote(String name) {
        return scheduler.schedules().get(GROUP + "/" + name);
    }

    @Test
    void createsOneScheduleperEntryDeletesItsOwnLeftoversAndLeavesForeignSchedulesAlone() throws Exception {
        entries("""
                table: scheduler
                items:
                - {id: {S: night}, cron: {S: 'localcron(30 2 * * ? *)'}}
                - {id: {S: quarter}, cron: {S: 'rate(15 minutes)'}, selector: {M: {group: {S: campus}}}}
                - {id: {S: parked}, cron: {S: 'cron(0 4 * * ? *)'}, enabled: {BOOL: false}}
                - {id: {S: nyc}, cron: {S: 'localcron(0 1 * * ? *)'}, timezone: {S: America/New_York}}
                """, TableImporter.Mode.REPLACE);
        Instant before = Instant.now();
        assertEquals(List.of("CREATE cfgvault-entry-night", "CREATE cfgvault-entry-nyc", "CREATE cfgvault-entry-parked",
                "CREATE cfgvault-entry-quarter", "DELETE cfgvault-entry-stale"), plan(reconciler.reconcile()),
                "no backup.cron schedule while the key is unset: the stack's default runs it");

        JsonNode night = remote("cfgvault-entry-night");
        assertEquals("cron(30 2 * * ? *)", night.path("ScheduleExpression").asText());
        assertEquals("Europe/Paris", night.path("ScheduleExpressionTimezone").asText(), "localcron keeps 02:30 Paris across DST");
        assertEquals("ENABLED", night.path("State").asText());
        assertEquals("OFF", night.path("FlexibleTimeWindow").path("Mode").asText());
        assertEquals(TARGET, night.path("Target").path("Arn").asText());
        assertEquals(ROLE, night.path("Target").path("RoleArn").asText());
        JsonNode input = JSON.readTree(night.path("Target").path("Input").asText());
        assertEquals("<aws.scheduler.scheduled-time>", input.path("time").asText(), "the job id comes from the scheduled time");
        assertEquals("night", input.path("detail").path("entry").asText());
        assertEquals("Scheduled Event", input.path("detail-type").asText());

        assertEquals("America/New_York", remote("cfgvault-entry-nyc").path("ScheduleExpressionTimezone").asText());
        assertEquals("DISABLED", remote("cfgvault-entry-parked").path("State").asText());
        JsonNode quarter = remote("cfgvault-entry-quarter");
        assertEquals("rate(15 minutes)", quarter.path("ScheduleExpression").asText());
        long start = quarter.path("StartDate").asLong();
        assertEquals(0, start % 900, "rate schedules start on their 15-minute grid, like serve's ticker");
        assertTrue(start > before.getEpochSecond() && start <= before.getEpochSecond() + 900, "start " + start);

        assertTrue(scheduler.schedules().containsKey(GROUP + "/nightly-report"));
        assertTrue(scheduler.schedules().containsKey(GROUP + "/cfgvault-entry-lookalike"), "our prefix, someone else's target");
        assertTrue(scheduler.schedules().containsKey("default/cfgvault-entry-other-group"), "another group");
        assertFalse(scheduler.schedules().containsKey(GROUP + "/cfgvault-entry-stale"));
        for (var call : scheduler.calls()) {
            if (call.mutating()) {
                assertTrue(call.path().startsWith("/schedules/cfgvault-entry-"), call.toString());
                assertFalse(call.path().contains("lookalike") || call.path().contains("other-group"), call.toString());
            }
        }
        assertTrue(scheduler.calls().stream().anyMatch(c -> GROUP.equals(c.query().get("ScheduleGroup"))), "ListSchedules by group");

        assertEquals(List.of(), plan(reconciler.plan()), "a second run changes nothing");
    }

    @Test
    void backupCronGetsItsOwnScheduleOnceSetIsSwitchedOffByDisabledAndRemovedWhenUnset() throws Exception {
        assertEquals(List.of("DELETE cfgvault-entry-stale"), plan(reconciler.reconcile()));
        setConfig("backup.cron", "localcron(0 3 * * ? *)");
        assertEquals(List.of("CREATE cfgvault-backup-cron"), plan(reconciler.reconcile()));
        JsonNode cron = remote("cfgvault-backup-cron");
        assertEquals("cron(0 3 * * ? *)", cron.path("ScheduleExpression").asText());
        assertEquals("Europe/Paris", cron.path("ScheduleExpressionTimezone").asText());
        JsonNode detail = JSON.readTree(cron.path("Target").path("Input").asText()).path("detail");
        assertEquals("backup.cron", detail.path("key").asText());

        setConfig("backup.timezone", "America/New_York");
        assertEquals(List.of("UPDATE cfgvault-backup-cron"), plan(reconciler.reconcile()), "a new zone moves localcron");
        assertEquals("America/New_York", remote("cfgvault-backup-cron").path("ScheduleExpressionTimezone").asText());

        setConfig("backup.cron", "disabled");
        assertEquals(List.of("UPDATE cfgvault-backup-cron"), plan(reconciler.reconcile()));
        assertEquals("DISABLED", remote("cfgvault-backup-cron").path("State").asText());
        assertEquals("cron(0 3 * * ? *)", remote("cfgvault-backup-cron").path("ScheduleExpression").asText());

        setConfig("backup.cron", "rate(1 minute)");
        assertEquals(List.of("UPDATE cfgvault-backup-cron"), plan(reconciler.reconcile()));
        assertEquals("ENABLED", remote("cfgvault-backup-cron").path("State").asText());
        assertEquals("UTC", remote("cfgvault-backup-cron").path("ScheduleExpressionTimezone").asText());

        deleteConfig("backup.cron");
        assertEquals(List.of("DELETE cfgvault-backup-cron"), plan(reconciler.reconcile()));
    }

    @Test
    void entriesChangedOrRemovedAreUpdatedOrDeleted() {
        entries("table: scheduler\nitems:\n- {id: {S: a}, cron: {S: 'cron(0 1 * * ? *)'}}\n- {id: {S: b}, cron: {S: 'cron(0 2 * * ? *)'}}\n",
                TableImporter.Mode.REPLACE);
        reconciler.reconcile();
        entries("table: scheduler\nitems:\n- {id: {S: a}, cron: {S: 'cron(0 5 * * ? *)'}}\n", TableImporter.Mode.REPLACE);
        assertEquals(List.of("UPDATE cfgvault-entry-a", "DELETE cfgvault-entry-b"), plan(reconciler.reconcile()));
        assertEquals("cron(0 5 * * ? *)", remote("cfgvault-entry-a").path("ScheduleExpression").asText());
    }

    @Test
    void apiWritesReconcileAndRefusedWritesChangeNoSchedule() {
        var handler = new ApiHandler(Api.create(services, Optional.of(reconciler)));
        services.inventory().upsert(List.of(new io.cfgvault.inventory.Device("core-sw-01", "192.0.2.10", 22, "cisco_ios", "C9300",
                "campus", "lab", true, Optional.empty(), Map.of())));
        int before = scheduler.calls().size();
        var bad = put(handler, "/scheduler", "table: scheduler\nitems:\n- {id: {S: ok}, cron: {S: 'rate(1 hour)'}}\n"
                + "- {id: {S: bad}, cron: {S: 'cron(0 2 * * MON *)'}}\n");
        assertEquals(400, bad.getStatusCode(), bad.getBody());
        assertEquals(before, scheduler.calls().size(), "a refused write does not even look at the schedules");

        var good = put(handler, "/scheduler", "table: scheduler\nitems:\n- {id: {S: campus}, cron: {S: 'localcron(0 2 * * ? *)'},"
                + " selector: {M: {group: {S: campus}}}}\n");
        assertEquals(200, good.getStatusCode(), good.getBody());
        assertTrue(good.getBody().contains("\"CREATE cfgvault-entry-campus\""), good.getBody());
        assertTrue(scheduler.schedules().containsKey(GROUP + "/cfgvault-entry-campus"));

        var cron = put(handler, "/configuration", "table: configuration\nitems:\n- {key: {S: backup.cron}, value: {S: 'rate(1 minute)'}}\n");
        assertEquals(200, cron.getStatusCode(), cron.getBody());
        assertTrue(cron.getBody().contains("\"CREATE cfgvault-backup-cron\""), cron.getBody());
    }

    static com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent put(ApiHandler handler, String path, String body) {
        APIGatewayProxyRequestEvent put = EventLoader.loadApiGatewayRestEvent("events/api/put-configuration.json");
        put.setResource(path);
        put.setPath(path);
        put.setBody(body);
        return handler.handleRequest(put, null);
    }
}
