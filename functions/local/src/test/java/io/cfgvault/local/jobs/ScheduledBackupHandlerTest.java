package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cfgvault.Services;
import io.cfgvault.aws.Endpoints;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.jobs.BackupFailedException;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The real handler, a real EventBridge payload, real DynamoDB Local and S3Proxy. */
class ScheduledBackupHandlerTest {
    static final String PREFIX = "latest/accountid=000000000000/region=us-east-1/deployment=default/";

    @Test
    @SuppressWarnings("unchecked")
    void firstRunArchivesEveryTableAndSecondRunArchivesOnlyWhatChanged() {
        try (Services services = SharedAws.isolated("handler")) {
            services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                    .item(Map.of("key", AttributeValue.fromS("backup.retention.versions"), "value", AttributeValue.fromN("7"))));
            var handler = new ScheduledBackupHandler(services.backupJobs(), services.schedules());
            ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-event.json");

            Map<String, Object> first = handler.handleRequest(event, null);
            assertEquals("sched-default-20261123T130000Z", first.get("jobId"));
            var tables = (List<Map<String, Object>>) first.get("tables");
            assertEquals(List.of("configuration", "scheduler", "inventory"), tables.stream().map(t -> t.get("table")).toList());
            assertTrue(tables.stream().allMatch(t -> (Boolean) t.get("changed")));
            assertEquals(PREFIX + "configuration.yaml", tables.get(0).get("latestKey"));
            String config = new String(services.s3().getObjectAsBytes(b -> b.bucket(services.settings().bucket())
                    .key(PREFIX + "configuration.yaml")).asByteArray());
            assertTrue(config.contains("- key: {S: backup.retention.versions}\n  value: {N: '7'}"), config);
            assertEquals(3, archived(services).size(), archived(services).toString());

            services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.INVENTORY))
                    .item(Map.of("name", AttributeValue.fromS("r1"), "host", AttributeValue.fromS("r1.example.net"))));
            event.setTime(new DateTime(event.getTime().getMillis() + 3_600_000L));
            Map<String, Object> second = handler.handleRequest(event, null);
            var changed = new HashMap<String, Boolean>();
            ((List<Map<String, Object>>) second.get("tables")).forEach(t -> changed.put((String) t.get("table"), (Boolean) t.get("changed")));
            assertEquals(Map.of("configuration", false, "scheduler", false, "inventory", true), changed);
            List<String> archive = archived(services);
            assertEquals(4, archive.size());
            assertTrue(archive.contains("archive/accountid=000000000000/region=us-east-1/deployment=default/inventory/20261123T140000Z.yaml"), archive.toString());
        }
    }

    @Test
    void unreachableStoreFailsTheJobNamingTheEndpoint() {
        var good = SharedAws.get().settings();
        var env = new HashMap<>(good.endpoints().env());
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9");
        try (Services services = SharedAws.isolated("deadstore");
             Services broken = new Services(services.settings().withEndpoints(new Endpoints(env)))) {
            var handler = new ScheduledBackupHandler(broken.backupJobs(), broken.schedules());
            var e = assertThrows(BackupFailedException.class,
                    () -> handler.handleRequest(EventLoader.loadScheduledEvent("events/scheduled-event.json"), null));
            assertTrue(e.getMessage().contains("http://127.0.0.1:9"), e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertFalse(e.getMessage().contains("cfgvault-secret"));
        }
    }

    private static List<String> archived(Services services) {
        return services.store().list("archive/");
    }

}
