package io.cfgvault.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.inventory.Device;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.serve.ApiBridge;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code cfgvault restore --via-api}: the restore runs as a job of the API (here the real handler behind the
 * local HTTP bridge, with the queue poller as worker); requests are SigV4-signed with the caller's credentials.
 * The local bridge does not check signatures (API Gateway does); the signing itself is asserted on the request.
 */
class RestoreViaApiTest {

    @Test
    void requestsAreSignedForExecuteApiInTheUrlsRegion() {
        var api = new SignedApi("https://k7x2m9q4pd.execute-api.eu-west-1.amazonaws.com/prod", "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")));
        var signed = api.sign("POST", "/devices/core-sw-01/restore", "{}".getBytes());
        String auth = signed.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth);
        assertTrue(auth.contains("/eu-west-1/execute-api/aws4_request"), auth);
        assertEquals("/prod/devices/core-sw-01/restore", signed.encodedPath());
        assertEquals("eu-west-1", SignedApi.region("https://k7x2m9q4pd.execute-api.eu-west-1.amazonaws.com/prod", Map.of()));
    }

    @Test
    void restoreViaApiRunsAsAJobAndPrintsItsOutcome() throws Exception {
        try (var env = QueuedServices.start("viaapi", 0, 3_000, Map.of(), 60)) {
            var services = env.services();
            String good = SimConfigs.generate("cisco_ios", "va-1", 3_000, 31);
            env.farm().add(new SimDevice("va-1", "cisco_ios", QueuedServices.USER, QueuedServices.PASSWORD, good, Fault.NONE));
            services.inventory().upsert(List.of(new Device("va-1", env.farm().host(), env.farm().port("va-1"), "cisco_ios", "C9300",
                    "lab", "lab", true, Optional.empty(), Map.of("wallLimit", "30s", "idleTimeout", "5s", "connectTimeout", "5s"))));
            services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), false, true,
                    new JobRequest.DeviceSelector(List.of("va-1"), Optional.empty(), Optional.empty()), "local:test"));
            env.farm().setConfig("va-1", good.replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend"));
            System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
            System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            System.setProperty("aws.region", "eu-west-1");
            try (var bridge = ApiBridge.start(new ApiHandler(services), 0, "local:operator", null);
                 var poller = new QueuePoller(services.sqsClient(), env.queueUrl(), new DeviceBackupWorker(services.deviceWorker()),
                         10, 60, 1).start()) {
                var run = BackupCommandTest.run("restore", "va-1", "--apply", "--via-api", "http://127.0.0.1:" + bridge.port());
                assertEquals(0, run.code(), run.out() + run.err());
                assertTrue(run.out().contains("restore job restore-"), run.out());
                assertTrue(run.out().contains("  verify: "), run.out());
                assertTrue(run.out().contains("and verified"), run.out());
                assertFalse(env.farm().config("va-1").contains("username rogue"));
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
                System.clearProperty("aws.region");
            }
        }
    }
}
