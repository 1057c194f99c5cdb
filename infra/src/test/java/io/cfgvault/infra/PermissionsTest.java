package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Least privilege, read from the synthesized policies. */
class PermissionsTest {
    /** Actions for which AWS supports no resource-level permission. */
    private static final Set<String> STAR_ONLY = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
            "scheduler:ListSchedules");

    private static List<Json.Statement> allStatements() {
        var out = new java.util.ArrayList<Json.Statement>();
        for (Template t : List.of(Synth.defaults().template(), Synth.central().template(), Synth.member().template())) {
            out.addAll(Json.statements(t));
        }
        return out;
    }

    private static String role(Functions functions, String which) {
        var fn = switch (which) {
            case "orchestrator" -> functions.orchestrator();
            case "worker" -> functions.worker();
            default -> functions.api();
        };
        return Json.logicalId(fn.getRole());
    }

    @Test
    void starResourcesOnlyWhereAwsOffersNothingNarrower() {
        for (Json.Statement s : allStatements()) {
            if (s.resources().contains("*")) {
                assertTrue(STAR_ONLY.containsAll(s.actions()), s.owner() + " grants " + s.actions() + " on *");
            }
            for (String action : s.actions()) {
                assertFalse(action.endsWith("*") || action.equals("*"), s.owner() + " uses wildcard action " + action);
            }
        }
    }

    @Test
    void objectAccessStaysInsideTheDeploymentPartition() {
        for (Json.Statement s : Json.statements(Synth.defaults().template())) {
            if (s.actions().stream().anyMatch(a -> a.startsWith("s3:") && !a.equals("s3:ListBucket"))) {
                for (Object resource : s.resources()) {
                    String arn = Json.text(resource);
                    assertTrue(arn.contains("/accountid=\",{\"Ref\":\"AWS::AccountId\"},\"/region=\",{\"Ref\":\"AWS::Region\"},\"/deployment=default/*"),
                            s.owner() + ": " + arn);
                }
            }
            if (s.actions().contains("s3:ListBucket")) {
                // On the bucket only (needed for 404 on missing keys), never on objects.
                assertEquals(List.of("s3:ListBucket"), s.actions(), s.owner());
                assertTrue(Json.text(s.resources()).matches("\\[\\{\"Fn::GetAtt\":\\[\"BackupsBucket\\w+\",\"Arn\"]}]"),
                        s.owner() + ": " + s.resources());
            }
        }
    }

    @Test
    void everyFunctionWritesEveryCmdbDatasetOfItsOwnPartition() {
        Synth.Result r = Synth.defaults();
        for (String which : List.of("orchestrator", "worker", "api")) {
            String writes = Json.text(Json.statements(r.template()).stream()
                    .filter(s -> s.owner().equals(role(r.stack().functions(), which)) && s.actions().contains("s3:PutObject"))
                    .map(Json.Statement::resources).toList());
            for (String dataset : List.of("deployments", "devices", "jobs", "changes")) {
                assertTrue(writes.contains("/metadata/" + dataset + "/accountid=\",{\"Ref\":\"AWS::AccountId\"}"),
                        which + " cannot write metadata/" + dataset + "/: " + writes);
            }
        }
    }

    @Test
    void onlyTheWorkerReadsDeviceCredentialsAndOnlyUnderTheSecretPrefix() {
        var stack = Synth.defaults().stack();
        var secrets = Json.statements(Synth.defaults().template()).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("secretsmanager:"))).toList();
        assertEquals(3, secrets.size());
        for (var s : secrets) {
            assertEquals(List.of("secretsmanager:GetSecretValue"), s.actions());
            if (s.owner().equals(role(stack.functions(), "worker"))) {
                assertTrue(Json.text(s.resources()).contains(":secret:cfgvault/default/*"), Json.text(s.resources()));
            } else {
                // the API (POST /inventory/sync) and the orchestrator (scheduled syncs) read only the NetBox/Nautobot
                // tokens, never device credentials
                assertTrue(s.owner().equals(role(stack.functions(), "api")) || s.owner().equals(role(stack.functions(), "orchestrator")),
                        s.owner());
                assertTrue(Json.text(s.resources()).contains(":secret:cfgvault/default/inventory/*"), Json.text(s.resources()));
            }
        }
    }

    @Test
    void tablesAreGrantedByExactArnAndOrchestratorOnlyUpdatesInventoryItemsInPlace() {
        var stack = Synth.defaults().stack();
        String inventory = Json.logicalId(stack.tables().table(Tables.Logical.INVENTORY));
        for (Json.Statement s : Json.statements(Synth.defaults().template())) {
            if (s.actions().stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
                assertEquals(1, s.resources().size(), s.owner());
                assertTrue(Json.text(s.resources().get(0)).matches("\\{\"Fn::GetAtt\":\\[\"Tables\\w+\",\"Arn\"]}"),
                        s.owner() + ": " + s.resources());
                if (s.owner().equals(role(stack.functions(), "orchestrator")) && Json.text(s.resources()).contains(inventory)) {
                    // a scheduled sync updates items in place; it never puts a whole item or deletes one
                    for (String action : List.of("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")) {
                        assertFalse(s.actions().contains(action), "orchestrator may " + action + " on inventory");
                    }
                }
            }
        }
    }

    @Test
    void onlyTheWorkerDeletesAndOnlyArchiveCopies() {
        var stack = Synth.defaults().stack();
        var deleters = Json.statements(Synth.defaults().template()).stream()
                .filter(s -> s.actions().contains("s3:DeleteObject")).toList();
        assertEquals(1, deleters.size());
        assertEquals(role(stack.functions(), "worker"), deleters.get(0).owner());
        assertEquals(List.of("s3:DeleteObject"), deleters.get(0).actions());
        assertTrue(Json.text(deleters.get(0).resources()).contains("/archive/accountid="));
        assertFalse(Json.text(deleters.get(0).resources()).contains("/latest/"));
    }

    @Test
    void onlyOrchestratorAndApiEnqueueAndOnlyTheWorkerWritesFailedFetches() {
        var stack = Synth.defaults().stack();
        var senders = Json.statements(Synth.defaults().template()).stream()
                .filter(s -> s.actions().contains("sqs:SendMessage")
                        && Json.text(s.resources()).contains(Json.logicalId(stack.queue().work())))
                .map(s -> s.owner()).sorted().toList();
        assertEquals(2, senders.size(), senders.toString());
        assertTrue(senders.stream().noneMatch(o -> o.equals(role(stack.functions(), "worker"))), senders.toString());
        var failedWriters = Json.statements(Synth.defaults().template()).stream()
                .filter(s -> s.actions().contains("s3:PutObject") && Json.text(s.resources()).contains("/failed/"))
                .map(Json.Statement::owner).toList();
        assertEquals(1, failedWriters.size());
        assertTrue(failedWriters.get(0).equals(role(stack.functions(), "worker")));
    }

    @Test
    void eventsArePutOnlyOnTheConfiguredBus() {
        for (Json.Statement s : Json.statements(Synth.defaults().template())) {
            if (s.actions().contains("events:PutEvents")) {
                assertTrue(Json.text(s.resources()).contains(":event-bus/default"), Json.text(s.resources()));
            }
        }
    }
}
