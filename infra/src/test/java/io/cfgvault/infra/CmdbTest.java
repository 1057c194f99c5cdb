package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Glue/Athena tables over the metadata datasets. */
class CmdbTest {

    @Test
    void oneDatabaseWithADeploymentsAndADevicesTable() {
        Template template = Synth.defaults().template();
        template.hasResourceProperties("AWS::Glue::Database", Match.objectLike(Map.of(
                "DatabaseInput", Match.objectLike(Map.of("Name", "cfgvault_default")))));
        template.resourceCountIs("AWS::Glue::Table", 2);
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
        String tables = Json.text(template.findResources("AWS::Glue::Table"));
        assertTrue(tables.contains("/metadata/devices/accountid=${accountid}/region=${region}/deployment=${deployment}/"), tables);
        for (String column : List.of("device", "host", "platform", "model", "group", "lastsuccess", "lastchange",
                "sha256", "bytes", "status", "lasterror", "lastjobid", "tableitems", "devicecount", "lastjobstatus",
                "lastjobstartedat", "lastjobfinishedat", "version", "devicesfailing", "lastcheck", "enabled")) {
            assertTrue(tables.contains("{\"Name\":\"" + column + "\""), column);
        }
    }

    @Test
    void centralBucketProjectsTheMemberAccountsAndRegions() {
        Synth.central().template().hasResourceProperties("AWS::Glue::Table", Match.objectLike(Map.of(
                "TableInput", Match.objectLike(Map.of("Parameters", Match.objectLike(Map.of(
                        "projection.accountid.values", "111122223333,444455556666",
                        "projection.region.values", "eu-west-1,us-east-1")))))));
    }
}
