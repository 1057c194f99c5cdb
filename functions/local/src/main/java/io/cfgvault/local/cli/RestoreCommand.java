package io.cfgvault.local.cli;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.CredentialsResolver;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.inventory.SecretsManagerCredentials;
import io.cfgvault.restore.RestoreService;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Restores one device from a stored backup: a dry run shows the diff; --apply pushes, reads back and verifies. */
@Command(name = "restore",
        description = "Restore one device from a stored backup (dry run unless --apply).")
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Parameters(index = "0", description = "Device name.")
    String device;

    // not mixinStandardHelpOptions: its -V/--version would clash with the archive --version below
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", defaultValue = "latest", description = "Archive version (e.g. 20261123T130000Z) or latest (default).")
    String version;

    @Option(names = "--apply", description = "Push the config to the device; without it only the diff is shown.")
    boolean apply;

    @Option(names = "--inventory", description = "Inventory YAML with the device's credentials (local mode).")
    Path inventory;

    @Option(names = "--profiles", description = "Directory of platform profile YAML files that add to or override the built-ins.")
    Path profilesDir;

    @Option(names = "--via-api", paramLabel = "URL", description = "Run the restore as a job of the deployed API at URL (the stack's"
            + " ApiUrl), signed with your AWS credentials, and wait for it; the worker reaches the device.")
    String viaApi;



    @Override
    public Integer call() throws Exception {
        if (viaApi != null) {
            return viaApi();
        }
        Profiles profiles = profilesDir == null ? Profiles.builtin() : Profiles.builtin().withDirectory(profilesDir);
        try (Target.Session session = target.open()) {
            Services services = session.services();
            CredentialsResolver credentials;
            if (inventory != null) {
                InventoryFile file = InventoryFile.read(inventory);
                credentials = new FileCredentials(file.credentials(), System.getenv(), inventory.toAbsolutePath().getParent());
            } else if (target.aws) {
                credentials = new SecretsManagerCredentials(services.clients().secretsManager(), services.settings().secretPrefix());
            } else {
                credentials = new FileCredentials(Map.of(), System.getenv(), Path.of("."));
            }
            RestoreService restore = services.restoreService(credentials, profiles);
            var outcome = restore.restore(services.layout(), services.configuration(), device, version, apply,
                    "local:" + System.getProperty("user.name"));
            if (!outcome.diff().isBlank()) {
                System.out.println(outcome.diff());
            }
            System.out.printf("%s: %s%n", device, outcome.message());
            return switch (outcome.result()) {
                case RESTORED, UNCHANGED, DRY_RUN -> 0;
                case ROLLED_BACK, ROLLBACK_FAILED, FAILED -> 2;
            };
        }
    }

    /** POST /devices/{name}/restore, then GET /jobs/{id} until the job ends; prints the outcome and its steps. */
    private int viaApi() throws Exception {
        String region = SignedApi.region(viaApi, System.getenv().containsKey("AWS_REGION") ? System.getenv()
                : Map.of("AWS_REGION", System.getProperty("aws.region", "")));
        var api = new SignedApi(viaApi, region, software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build());
        byte[] body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Map.of("version", version, "dryRun", !apply));
        String path = "/devices/" + java.net.URLEncoder.encode(device, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        var started = api.call("POST", path + "/restore", body);
        if (started.status() != 202) {
            System.err.printf("restore: %s answered %d %s: %s%n", viaApi, started.status(), started.body().path("error").asText(),
                    started.body().path("message").asText());
            return started.status() == 409 ? 3 : 1;
        }
        String jobId = started.body().path("jobId").asText();
        System.out.printf("%s: restore job %s queued%n", device, jobId);
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(15));
        while (true) {
            var job = api.call("GET", "/jobs/" + jobId, null);
            String status = job.body().path("status").asText();
            if (job.status() == 200 && !status.equals("queued") && !status.equals("running")) {
                var restore = job.body().path("restore");
                if (restore.has("diff")) {
                    System.out.println(restore.path("diff").asText());
                }
                restore.path("steps").forEach(st -> System.out.printf("  %s: %s%n", st.path("step").asText(), st.path("detail").asText()));
                System.out.printf("%s: %s%n", device, restore.path("message").asText(job.body().path("error").asText(status)));
                String result = restore.path("result").asText();
                return result.equals("restored") || result.equals("unchanged") || result.equals("dry_run") ? 0 : 2;
            }
            if (java.time.Instant.now().isAfter(deadline)) {
                System.err.printf("restore: job %s still %s after 15 minutes; GET /jobs/%s shows its progress%n", jobId, status, jobId);
                return 1;
            }
            Thread.sleep(1000);
        }
    }
}
