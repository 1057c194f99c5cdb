package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Glue/Athena tables over the metadata datasets, the CMDB workgroup and its saved queries. */
class CmdbTest {
    private static final Path CORE_CMDB = Path.of("..", "functions", "core", "src", "main", "resources", "cmdb");

    /** datasets.json as the writer reads it: dataset -> ordered (lower-cased field -> Hive type). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> declared() throws Exception {
        var out = new LinkedHashMap<String, Map<String, String>>();
        try (InputStream in = Files.newInputStream(CORE_CMDB.resolve("datasets.json"))) {
            for (JsonNode d : new ObjectMapper().readTree(in).get("datasets")) {
                var cols = new LinkedHashMap<String, String>();
                d.get("fields").forEach(f -> cols.put(f.get("name").asText().toLowerCase(Locale.ROOT), f.get("type").asText()));
                out.put(d.get("name").asText(), cols);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void glueTablesNameTheColumnsAndTypesTheWriterDeclares() throws Exception {
        Template template = Synth.defaults().template();
        var synthesized = new TreeMap<String, Map<String, String>>();
        for (Object resource : template.findResources("AWS::Glue::Table").values()) {
            var input = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) resource).get("Properties")).get("TableInput");
            var cols = new LinkedHashMap<String, String>();
            for (var c : (List<Map<String, Object>>) ((Map<String, Object>) input.get("StorageDescriptor")).get("Columns")) {
                cols.put((String) c.get("Name"), (String) c.get("Type"));
            }
            synthesized.put((String) input.get("Name"), cols);
        }
        assertEquals(new TreeMap<>(declared()), synthesized);
        assertTrue(synthesized.keySet().containsAll(List.of("deployments", "devices", "jobs", "changes")), synthesized.keySet().toString());
    }

    @Test
    void everyDatasetIsPartitionedByAccountRegionDeploymentWithProjection() {
        Template template = Synth.defaults().template();
        template.hasResourceProperties("AWS::Glue::Database", Match.objectLike(Map.of(
                "DatabaseInput", Match.objectLike(Map.of("Name", "cfgvault_default")))));
        for (String name : List.of("deployments", "devices")) {
            template.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of("TableInput", Match.objectLike(Map.of(
                    "Name", name,
                    "TableType", "EXTERNAL_TABLE",
                    "PartitionKeys", List.of(Map.of("Name", "accountid", "Type", "string"),
                            Map.of("Name", "region", "Type", "string"), Map.of("Name", "deployment", "Type", "string")),
                    "Parameters", Match.objectLike(Map.of(
                            "projection.enabled", "true",
                            "projection.accountid.type", "enum",
                            "projection.region.type", "enum",
                            "projection.deployment.type", "injected",
                            "storage.location.template", Match.anyValue())),
                    "StorageDescriptor", Match.objectLike(Map.of(
                            "SerdeInfo", Match.objectLike(Map.of("SerializationLibrary", "org.openx.data.jsonserde.JsonSerDe")))))))));
        }
        for (String name : List.of("jobs", "changes")) {
            template.hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of("TableInput", Match.objectLike(Map.of(
                    "Name", name,
                    "PartitionKeys", List.of(Map.of("Name", "accountid", "Type", "string"),
                            Map.of("Name", "region", "Type", "string"), Map.of("Name", "deployment", "Type", "string"),
                            Map.of("Name", "day", "Type", "string")),
                    "Parameters", Match.objectLike(Map.of(
                            "projection.enabled", "true",
                            "projection.accountid.type", "enum",
                            "projection.deployment.type", "injected",
                            "projection.day.type", "date",
                            "projection.day.format", "yyyy-MM-dd",
                            "projection.day.range", "2026-01-01,NOW")))))));
        }
        String tables = Json.text(template.findResources("AWS::Glue::Table"));
        assertTrue(tables.contains("/metadata/devices/accountid=${accountid}/region=${region}/deployment=${deployment}/\""), tables);
        assertTrue(tables.contains("/metadata/jobs/accountid=${accountid}/region=${region}/deployment=${deployment}/day=${day}/\""), tables);
        assertTrue(tables.contains("/metadata/changes/accountid=${accountid}/region=${region}/deployment=${deployment}/day=${day}/\""), tables);
    }

    @Test
    void centralBucketProjectsTheMemberAccountsAndRegionsOnEveryTable() {
        var tables = Synth.central().template().findResources("AWS::Glue::Table", Map.of("Properties", Map.of(
                "TableInput", Map.of("Parameters", Map.of(
                        "projection.accountid.values", "111122223333,444455556666",
                        "projection.region.values", "eu-west-1,us-east-1")))));
        assertEquals(4, tables.size());
    }

    @Test
    void workgroupEncryptsItsResultsInAnExpiringBucket() {
        Template template = Synth.defaults().template();
        template.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "Name", "cfgvault-default",
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "ResultConfiguration", Match.objectLike(Map.of(
                                "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3"))))))));
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "expire-query-results", "ExpirationInDays", 30, "Status", "Enabled"))))))));
        Synth.central().template().hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "WorkGroupConfiguration", Match.objectLike(Map.of("ResultConfiguration", Match.objectLike(Map.of(
                        "EncryptionConfiguration", Match.objectLike(Map.of("EncryptionOption", "SSE_KMS")))))))));
    }

    @Test
    void everySavedQueryFileIsANamedQueryInTheWorkgroup() throws Exception {
        Template template = Synth.defaults().template();
        var files = new ArrayList<String>();
        try (Stream<Path> s = Files.list(CORE_CMDB.resolve("queries"))) {
            s.filter(p -> p.toString().endsWith(".sql")).forEach(p -> files.add(p.getFileName().toString()));
        }
        assertTrue(files.size() >= 7, files.toString());
        template.resourceCountIs("AWS::Athena::NamedQuery", files.size());
        for (String file : files) {
            String sql = Files.readString(CORE_CMDB.resolve("queries").resolve(file)).strip();
            template.hasResourceProperties("AWS::Athena::NamedQuery", Match.objectLike(Map.of(
                    "Name", file.replace(".sql", ""),
                    "Database", "cfgvault_default",
                    "QueryString", sql,
                    "WorkGroup", Match.anyValue())));
        }
    }

    @Test
    void memberDeploymentsQueryTheCentralCmdbAndCreateNone() {
        Template template = Synth.member().template();
        template.resourceCountIs("AWS::Glue::Table", 0);
        template.resourceCountIs("AWS::Athena::WorkGroup", 0);
    }
}
