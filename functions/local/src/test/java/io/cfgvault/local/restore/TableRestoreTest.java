package io.cfgvault.local.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.local.SharedAws;
import io.cfgvault.restore.TableRestore;
import io.cfgvault.store.BackupHistory;
import io.cfgvault.store.Partition;
import io.cfgvault.store.S3Layout;
import io.cfgvault.tables.AppTable;
import io.cfgvault.tables.TableImportException;
import io.cfgvault.tables.TableImporter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A table back to an archive copy: dry run lists the changes, replace makes it equal, another deployment's copy works too. */
class TableRestoreTest {
    private static final String V1 = """
            table: configuration
            keySchema: {hash: key}
            items:
            - key: {S: backup.cron}
              value: {S: 'cron(0 * * * ? *)'}
            - key: {S: backup.retention.versions}
              value: {N: '5'}
            """;
    private static final String DRIFTED = """
            table: configuration
            keySchema: {hash: key}
            items:
            - key: {S: backup.retention.versions}
              value: {N: '99'}
            - key: {S: ssh.timeout}
              value: {S: PT5S}
            """;

    private static void load(Services s, String doc, TableImporter.Mode mode) {
        s.tableImporter().importDocument(AppTable.CONFIGURATION, TableImporter.source("test", doc.getBytes(StandardCharsets.UTF_8)), mode);
    }

    private static Map<String, String> values(Services s) {
        var out = new java.util.TreeMap<String, String>();
        for (var item : s.dynamo().scanPaginator(b -> b.tableName(s.tableNames().physical(AppTable.CONFIGURATION))).items()) {
            var v = item.get("value");
            out.put(item.get("key").s(), v.s() != null ? v.s() : v.n());
        }
        return out;
    }

    @Test
    void dryRunListsTheChangingItemsAndReplaceBringsTheTableBack() {
        try (Services s = SharedAws.isolated("tablerestore")) {
            load(s, V1, TableImporter.Mode.REPLACE);
            Instant at = Instant.parse("2026-11-23T13:00:00Z");
            s.tableExporter().export(AppTable.CONFIGURATION, s.layout(), at);
            load(s, DRIFTED, TableImporter.Mode.REPLACE);
            var restore = new TableRestore(s.store(), s.tableExporter(), s.tableImporter());

            var dry = restore.restore(AppTable.CONFIGURATION, s.layout(), BackupHistory.version(at), TableImporter.Mode.REPLACE, true);
            assertEquals(List.of("backup.cron"), dry.added());
            assertEquals(List.of("backup.retention.versions"), dry.changed());
            assertEquals(List.of("ssh.timeout"), dry.deleted());
            assertEquals(Map.of("backup.retention.versions", "99", "ssh.timeout", "PT5S"), values(s), "a dry run writes nothing");

            var merge = restore.restore(AppTable.CONFIGURATION, s.layout(), BackupHistory.version(at), TableImporter.Mode.MERGE, false);
            assertEquals(List.of(), merge.deleted(), "merge deletes nothing");
            assertEquals("PT5S", values(s).get("ssh.timeout"));

            restore.restore(AppTable.CONFIGURATION, s.layout(), BackupHistory.version(at), TableImporter.Mode.REPLACE, false);
            assertEquals(Map.of("backup.cron", "cron(0 * * * ? *)", "backup.retention.versions", "5"), values(s));

            var missing = assertThrows(IllegalArgumentException.class, () -> restore.restore(AppTable.CONFIGURATION, s.layout(),
                    "20200101T000000Z", TableImporter.Mode.REPLACE, false));
            assertTrue(missing.getMessage().contains("no archive copy 20200101T000000Z"), missing.getMessage());
        }
    }

    @Test
    void anotherDeploymentsArchiveCopyIsRestoredAndABadCopyWritesNothing() {
        try (Services s = SharedAws.isolated("tablerestorex")) {
            // the old deployment, in another account and region, archived its configuration into the same bucket
            var old = new S3Layout(new Partition("210987654321", "eu-central-1", "prod-old"));
            load(s, V1, TableImporter.Mode.REPLACE);
            Instant at = Instant.parse("2026-11-20T08:00:00Z");
            s.tableExporter().export(AppTable.CONFIGURATION, old, at);
            load(s, DRIFTED, TableImporter.Mode.REPLACE);

            var restore = new TableRestore(s.store(), s.tableExporter(), s.tableImporter());
            var plan = restore.restore(AppTable.CONFIGURATION, old, BackupHistory.version(at), TableImporter.Mode.REPLACE, false);
            assertTrue(plan.source().contains("deployment=prod-old"), plan.source());
            assertEquals(Map.of("backup.cron", "cron(0 * * * ? *)", "backup.retention.versions", "5"), values(s));

            Instant bad = Instant.parse("2026-11-21T08:00:00Z");
            s.store().put(old.archiveTable("configuration", bad), "table: configuration\nkeySchema: {hash: key}\nitems:\n- value: {S: x}\n"
                    .getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of());
            assertThrows(TableImportException.class, () -> restore.restore(AppTable.CONFIGURATION, old, BackupHistory.version(bad),
                    TableImporter.Mode.REPLACE, false));
            assertEquals(Map.of("backup.cron", "cron(0 * * * ? *)", "backup.retention.versions", "5"), values(s), "nothing written");
        }
    }

    @Test
    void theApiRestoresATableAndRefusesAnUnknownVersionOrMode() throws Exception {
        try (Services s = SharedAws.isolated("tablerestoreapi")) {
            load(s, V1, TableImporter.Mode.REPLACE);
            Instant at = Instant.parse("2026-11-23T13:00:00Z");
            s.tableExporter().export(AppTable.CONFIGURATION, s.layout(), at);
            load(s, DRIFTED, TableImporter.Mode.REPLACE);
            var api = new io.cfgvault.handlers.ApiHandler(s);
            java.util.function.Function<String, com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent> post = body ->
                    api.handleRequest(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent()
                            .withHttpMethod("POST").withPath("/configuration/restore").withResource("/configuration/restore")
                            .withHeaders(Map.of("Content-Type", "application/json")).withBody(body)
                            .withRequestContext(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext()
                                    .withIdentity(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity()
                                            .withUserArn("arn:aws:iam::123456789012:user/alice"))
                                    .withRequestId("req-1")), null);
            String version = BackupHistory.version(at);
            var dry = post.apply("{\"version\":\"" + version + "\",\"mode\":\"replace\",\"dryRun\":true}");
            assertEquals(200, dry.getStatusCode(), dry.getBody());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dry.getBody());
            assertEquals("backup.cron", json.at("/added/0").asText(), dry.getBody());
            assertEquals("ssh.timeout", json.at("/deleted/0").asText(), dry.getBody());
            assertEquals("PT5S", values(s).get("ssh.timeout"), "a dry run writes nothing");

            assertEquals(404, post.apply("{\"version\":\"20200101T000000Z\"}").getStatusCode());
            assertEquals(400, post.apply("{\"version\":\"" + version + "\",\"mode\":\"overwrite\"}").getStatusCode());

            var done = post.apply("{\"version\":\"" + version + "\",\"mode\":\"replace\"}");
            assertEquals(200, done.getStatusCode(), done.getBody());
            assertEquals(Map.of("backup.cron", "cron(0 * * * ? *)", "backup.retention.versions", "5"), values(s));
            assertTrue(s.auditLog().list(java.util.Optional.empty(), java.util.Optional.of("arn:aws:iam::123456789012:user/alice"), 10)
                    .stream().anyMatch(a -> "configuration".equals(a.get("target"))), "audited with the caller");
        }
    }
}
