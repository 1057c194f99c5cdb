package io.cfgvault.local.destinations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.JobSummary;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.store.DeviceDocument;
import io.cfgvault.tables.AppTable;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Backups reach the operator's own Git server and another bucket after each job: one commit per job, nothing
 * pushed when nothing changed, and a destination that fails owes its devices to the next job.
 */
class DestinationsTest {
    static final String TOKEN = "glpat-test-token-0123456789";
    static QueuedServices env;
    static GitHttpServer git;
    static SshGitServer ssh;
    static Path sshKey;
    static int receivePacksBefore;
    static Path dir;
    static Path tokenFile;
    static final AtomicInteger SECONDS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("destinations", 4, 8_000, Map.of(), 60);
        dir = Files.createTempDirectory("cfgvault-git-server");
        git = new GitHttpServer(dir, TOKEN);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        var key = SshGitServer.newKey();
        sshKey = dir.resolve("id_ed25519");
        writeKey(sshKey, key);
        ssh = new SshGitServer(dir, key.getPublic());
    }

    @org.junit.jupiter.api.BeforeEach
    void countPushes() {
        receivePacksBefore = ssh.receivePacks.get();
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
        git.close();
        env.close();
    }

    static void config(String key, String value) {
        env.services().dynamo().putItem(b -> b.tableName(env.services().tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS(key), "value", AttributeValue.fromS(value))));
    }

    static void removeConfig(String prefix) {
        var table = env.services().tableNames().physical(AppTable.CONFIGURATION);
        for (var item : env.services().dynamo().scan(b -> b.tableName(table)).items()) {
            if (item.get("key").s().startsWith(prefix)) {
                env.services().dynamo().deleteItem(b -> b.tableName(table).key(Map.of("key", item.get("key"))));
            }
        }
    }

    static JobSummary backup(String... devices) {
        return backup(false, devices);
    }

    static JobSummary backup(boolean tables, String... devices) {
        Instant time = Instant.parse("2026-11-23T13:00:00Z").plusSeconds(SECONDS.getAndIncrement());
        return env.services().backupJobs().run(new JobRequest(Trigger.CLI, time, tables, true,
                new JobRequest.DeviceSelector(List.of(devices), Optional.empty(), Optional.empty()), "local:test"));
    }

    static Path bareRepo(String name) throws Exception {
        Path repo = dir.resolve(name);
        Git.init().setBare(true).setDirectory(repo.toFile()).setInitialBranch("main").call().close();
        return repo;
    }

    static Git cloneOf(String name) throws Exception {
        Path to = Files.createTempDirectory("cfgvault-clone");
        return Git.cloneRepository().setURI(git.url(name)).setDirectory(to.toFile()).setBranch("main")
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("cfgvault", TOKEN)).call();
    }

    static List<RevCommit> history(Git clone) throws Exception {
        var out = new ArrayList<RevCommit>();
        clone.log().call().forEach(out::add);
        return out;
    }

    static String latestConfig(String device) throws Exception {
        try (InputStream in = env.services().store().open(env.services().layout().latestDevice(device)).orElseThrow()) {
            return DeviceDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).config();
        }
    }

    static String events() throws Exception {
        return Files.exists(env.eventsFile()) ? Files.readString(env.eventsFile()) : "";
    }

    @Test
    void eachJobIsOneCommitOfTheChangedConfigsAndAnUnchangedJobPushesNothing() throws Exception {
        bareRepo("configs.git");
        config("destination.ops.type", "git");
        config("destination.ops.url", git.url("configs.git"));
        config("destination.ops.credentials", "file:" + tokenFile);
        config("destination.ops.path", "{group}/{device}.cfg");
        config("destination.ops.tables", "true");
        String base = SimConfigs.generate("cisco_ios", "dev-001", 8_000, 4242);
        env.farm().setConfig("dev-001", base);
        try {
            var first = backup(true, "dev-000", "dev-001");
            assertEquals("completed", first.status(), first.toString());
            try (Git clone = cloneOf("configs.git")) {
                Path top = clone.getRepository().getWorkTree().toPath();
                assertEquals(latestConfig("dev-000"), Files.readString(top.resolve("lab/dev-000.cfg")));
                assertEquals(latestConfig("dev-001"), Files.readString(top.resolve("lab/dev-001.cfg")));
                assertTrue(Files.exists(top.resolve("tables/configuration.yaml")), "changed tables go along when chosen");
                var log = history(clone);
                assertEquals(1, log.size());
                assertTrue(log.get(0).getFullMessage().startsWith("cfgvault job " + first.jobId() + ": 2 devices"), log.get(0).getFullMessage());
                assertTrue(log.get(0).getFullMessage().contains("dev-000 +"), log.get(0).getFullMessage());
                assertEquals("cfgvault", log.get(0).getAuthorIdent().getName());
            }

            backup("dev-000", "dev-001");
            try (Git clone = cloneOf("configs.git")) {
                assertEquals(1, history(clone).size(), "an unchanged job pushes no commit");
            }

            env.farm().setConfig("dev-001", base.replace("\nend", "\ninterface Loopback7\n description pushed by test\nend"));
            var third = backup("dev-000", "dev-001");
            try (Git clone = cloneOf("configs.git")) {
                var log = history(clone);
                assertEquals(2, log.size());
                String message = log.get(0).getFullMessage();
                assertTrue(message.startsWith("cfgvault job " + third.jobId() + ": 1 device\n"), message);
                assertTrue(message.contains("dev-001 +2 -0"), message);
                assertTrue(Files.readString(clone.getRepository().getWorkTree().toPath().resolve("lab/dev-001.cfg"))
                        .contains(" description pushed by test\n"));
            }
            var recorded = env.services().jobStore().destinations(third.jobId());
            assertEquals("delivered", recorded.get(0).get("status"), recorded.toString());
        } finally {
            removeConfig("destination.");
        }
    }

    @Test
    void aRefusedPushNeverFailsTheBackupAndTheNextJobDeliversWhatWasMissed() throws Exception {
        bareRepo("refused.git");
        Path wrong = dir.resolve("wrong-token");
        Files.writeString(wrong, "not-the-token");
        config("destination.vendor.type", "git");
        config("destination.vendor.url", git.url("refused.git"));
        config("destination.vendor.credentials", "file:" + wrong);
        try {
            env.farm().setConfig("dev-002", SimConfigs.generate("cisco_ios", "dev-002", 8_000, 99));
            var job = backup("dev-002");
            assertEquals("completed", job.status(), "the backup itself succeeded");
            var result = env.services().jobStore().destinations(job.jobId()).get(0);
            assertEquals("failed", result.get("status"), result.toString());
            assertEquals(List.of("dev-002"), result.get("pendingDevices"));
            assertTrue(String.valueOf(result.get("error")).toLowerCase().contains("not authorized"), result.toString());
            assertFalse(result.toString().contains("not-the-token"), "the credential never appears in a report");
            assertTrue(events().contains("\"detail-type\":\"Destination Delivery Failed\""), events());
            String status;
            try (InputStream in = env.services().store().open(env.services().layout().destinationsMetadata()).orElseThrow()) {
                status = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(status.contains("\"pendingDevices\":[\"dev-002\"]"), status);

            Files.writeString(wrong, TOKEN);
            var next = backup("dev-003");
            var delivered = env.services().jobStore().destinations(next.jobId()).get(0);
            assertEquals("delivered", delivered.get("status"), delivered.toString());
            try (Git clone = cloneOf("refused.git")) {
                Path top = clone.getRepository().getWorkTree().toPath();
                assertEquals(latestConfig("dev-002"), Files.readString(top.resolve("dev-002.cfg")), "owed from the failed job");
                assertTrue(Files.exists(top.resolve("dev-003.cfg")));
            }
        } finally {
            removeConfig("destination.");
        }
    }

    @Test
    void s3DestinationReceivesTheLatestKeysOfTheSelectedModelOnly() throws Exception {
        String bucket = env.services().settings().bucket() + "-dr";
        env.services().s3().createBucket(b -> b.bucket(bucket));
        config("destination.dr.type", "s3");
        config("destination.dr.bucket", bucket);
        config("destination.dr.prefix", "copy/");
        config("destination.dr.model", "C9300");
        try {
            var devices = List.of("dev-000", "dev-001", "dev-002", "dev-003");
            devices.forEach(d -> env.farm().setConfig(d, SimConfigs.generate("cisco_ios", d, 8_000, 500 + d.hashCode())));
            var job = backup(devices.toArray(String[]::new));
            var keys = env.services().s3().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                    .map(o -> o.key()).filter(k -> !k.endsWith("/")).sorted().toList(); // S3Proxy lists folders too
            var expected = devices.stream().filter(d -> env.services().inventory().get(d).orElseThrow().device().model().equals("C9300"))
                    .map(d -> "copy/" + env.services().layout().latestDevice(d)).sorted().toList();
            assertFalse(expected.isEmpty());
            assertEquals(expected, keys);
            assertEquals("delivered", env.services().jobStore().destinations(job.jobId()).get(0).get("status"));
        } finally {
            removeConfig("destination.");
        }
    }

    static void writeKey(Path file, java.security.KeyPair key) throws Exception {
        try (var out = Files.newOutputStream(file)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "cfgvault", null, out);
        }
    }

    static Git cloneBare(String name) throws Exception {
        Path to = Files.createTempDirectory("cfgvault-clone");
        return Git.cloneRepository().setURI(dir.resolve(name).toUri().toString()).setDirectory(to.toFile()).setBranch("main").call();
    }

    static Map<String, Object> sshDestination(String name, String repo, Path key, Optional<String> hostKey) throws Exception {
        config("destination." + name + ".type", "git");
        config("destination." + name + ".url", ssh.url(repo));
        config("destination." + name + ".credentials", "file:" + key);
        hostKey.ifPresent(h -> config("destination." + name + ".hostKey", h));
        env.farm().setConfig("dev-003", SimConfigs.generate("cisco_ios", "dev-003", 8_000, SECONDS.get()));
        var job = backup("dev-003");
        assertEquals("completed", job.status(), "a destination never fails the backup");
        return env.services().jobStore().destinations(job.jobId()).get(0);
    }

    @Test
    void anSshRemoteWithAPinnedHostKeyReceivesTheJobsCommitWithTheKeyFromCredentials() throws Exception {
        bareRepo("ssh-configs.git");
        try {
            var result = sshDestination("lab", "ssh-configs.git", sshKey, Optional.of(ssh.hostKeyLine()));
            assertEquals("delivered", result.get("status"), result.toString());
            try (Git clone = cloneBare("ssh-configs.git")) {
                var log = history(clone);
                assertEquals(1, log.size());
                assertEquals(result.get("commit"), log.get(0).getName());
                assertEquals(latestConfig("dev-003"), Files.readString(clone.getRepository().getWorkTree().toPath().resolve("dev-003.cfg")));
            }
        } finally {
            removeConfig("destination.");
        }
    }

    @Test
    void aWrongSshKeyIsNotAuthorizedAndTheKeyNeverAppears() throws Exception {
        bareRepo("ssh-wrong-key.git");
        Path wrong = dir.resolve("wrong_ed25519");
        writeKey(wrong, SshGitServer.newKey());
        String keyText = Files.readString(wrong);
        String keyBody = keyText.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        try {
            var result = sshDestination("wrongkey", "ssh-wrong-key.git", wrong, Optional.of(ssh.hostKeyLine()));
            assertEquals("failed", result.get("status"), result.toString());
            assertTrue(String.valueOf(result.get("error")).contains("not authorized"), result.toString());
            assertEquals(List.of("dev-003"), result.get("pendingDevices"));
            String status;
            try (InputStream in = env.services().store().open(env.services().layout().destinationsMetadata()).orElseThrow()) {
                status = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String where : List.of(result.toString(), status, events())) {
                assertFalse(where.contains(keyBody.substring(0, 20)), "the private key never appears in a report, the metadata or an event");
            }
            try (Git bare = Git.open(dir.resolve("ssh-wrong-key.git").toFile())) {
                assertEquals(null, bare.getRepository().findRef("refs/heads/main"), "nothing was pushed");
            }
        } finally {
            removeConfig("destination.");
        }
    }

    @Test
    void anUnpinnedOrChangedHostKeyIsRefusedNamingTheDestination() throws Exception {
        bareRepo("ssh-host-key.git");
        try {
            var unpinned = sshDestination("newhost", "ssh-host-key.git", sshKey, Optional.empty());
            assertEquals("failed", unpinned.get("status"), unpinned.toString());
            String error = String.valueOf(unpinned.get("error"));
            assertTrue(error.contains("destination 'newhost': host key of [127.0.0.1]:") && error.contains("is not pinned"), error);
            String offered = org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(
                    org.apache.sshd.common.config.keys.AuthorizedKeyEntry.parseAuthorizedKeyEntry(ssh.hostKeyLine())
                            .resolvePublicKey(null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING));
            assertTrue(error.contains(offered), "the message shows the fingerprint to check and pin: " + error);
            removeConfig("destination.");

            var other = SshGitServer.newKey();
            var changed = sshDestination("moved", "ssh-host-key.git", sshKey,
                    Optional.of(org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic())));
            assertEquals("failed", changed.get("status"), changed.toString());
            assertTrue(String.valueOf(changed.get("error")).contains("destination 'moved': host key of [127.0.0.1]:"), changed.toString());
            assertTrue(String.valueOf(changed.get("error")).contains("changed"), changed.toString());
            assertEquals(0, ssh.receivePacks.get() - receivePacksBefore, "no push reached a server whose key is not the pinned one");
        } finally {
            removeConfig("destination.");
        }
    }

    @Test
    void aPushThatLosesARaceToAnotherPusherRetriesOnTheNewHeadAndBothCommitsSurvive() throws Exception {
        bareRepo("ssh-race.git");
        try {
            // someone else pushes right after cfgvault fetched, just before its push is served
            ssh.beforeNextReceive(() -> {
                try (Git other = Git.init().setDirectory(Files.createTempDirectory("other-pusher").toFile()).setInitialBranch("main").call()) {
                    Path readme = other.getRepository().getWorkTree().toPath().resolve("README.md");
                    Files.writeString(readme, "network configs, maintained by the ops team\n");
                    other.add().addFilepattern("README.md").call();
                    other.commit().setMessage("colleague: add README").setAuthor("Colleague", "colleague@example.com")
                            .setCommitter("Colleague", "colleague@example.com").setSign(false).call();
                    other.push().setRemote(dir.resolve("ssh-race.git").toUri().toString())
                            .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("main:main")).call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var result = sshDestination("race", "ssh-race.git", sshKey, Optional.of(ssh.hostKeyLine()));
            assertEquals("delivered", result.get("status"), result.toString());
            assertEquals(2, ((Number) result.get("attempts")).intValue(), "the first push was refused as non-fast-forward, the retry landed");
            try (Git clone = cloneBare("ssh-race.git")) {
                var log = history(clone);
                assertEquals(List.of("cfgvault", "Colleague"), log.stream().map(c -> c.getAuthorIdent().getName()).toList());
                assertEquals(log.get(1), log.get(0).getParent(0), "cfgvault's commit sits on top of the colleague's");
                Path top = clone.getRepository().getWorkTree().toPath();
                assertTrue(Files.exists(top.resolve("README.md")), "the colleague's file survives");
                assertEquals(latestConfig("dev-003"), Files.readString(top.resolve("dev-003.cfg")));
            }
        } finally {
            removeConfig("destination.");
        }
    }

    /**
     * Secrets Manager's GetSecretValue as the SDK sends it (JSON 1.1, X-Amz-Target) served on 127.0.0.1; counts the
     * reads of {@code name} and answers ResourceNotFoundException for any other secret.
     */
    static com.sun.net.httpserver.HttpServer secretsManager(String name, java.util.function.Supplier<String> value, AtomicInteger calls) throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] body;
            int status = 200;
            if ("secretsmanager.GetSecretValue".equals(target) && request.contains("\"SecretId\":\"" + name + "\"")) {
                calls.incrementAndGet();
                body = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:" + name + "-AbCdEf\",\"Name\":\"" + name
                        + "\",\"SecretString\":\"" + value.get() + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],"
                        + "\"CreatedDate\":1.7330e9}").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 400;
                body = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aSecretSharedByDestinationsIsReadOnceForTheJobAndAgainOnlyAfterAFailedPush() throws Exception {
        var calls = new AtomicInteger();
        var value = new java.util.concurrent.atomic.AtomicReference<>(TOKEN);
        var sm = secretsManager("cfgvault/git-token", value::get, calls);
        var s = env.services().settings();
        var endpoints = new java.util.HashMap<>(s.endpoints().env());
        endpoints.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + sm.getAddress().getPort());
        var settings = new io.cfgvault.settings.Settings(s.region(), s.bucket(), s.tablePrefix(), s.accountId(), s.deployment(),
                s.queueUrl(), s.eventBus(), s.secretPrefix(), new io.cfgvault.aws.Endpoints(endpoints));
        // A worker of the same deployment whose Secrets Manager is the loopback one; jobs hand it their changes.
        try (var worker = io.cfgvault.Services.builder(settings).events(new io.cfgvault.local.FileEventPublisher(env.eventsFile())).build()) {
            // The jobs run on the test's own worker, whose Secrets Manager is not reachable: destinations are
            // configured only while the loopback worker delivers the jobs' changes.
            var devices = List.of("dev-000", "dev-001", "dev-002");
            var changed = devices.stream().map(d -> new io.cfgvault.destinations.DestinationRunner.Changed(d, 1, 0)).toList();
            var names = List.of("alpha", "beta", "gamma");
            names.forEach(name -> Assertions.assertDoesNotThrow(() -> bareRepo("shared-" + name + ".git")));
            java.util.function.Function<String, List<Map<String, Object>>> deliver = job -> {
                for (String name : names) {
                    config("destination." + name + ".type", "git");
                    config("destination." + name + ".url", git.url("shared-" + name + ".git"));
                    config("destination." + name + ".credentials", "secret:cfgvault/git-token");
                }
                try {
                    return worker.destinations().deliver(worker.configuration(), worker.layout(),
                            new io.cfgvault.destinations.DestinationRunner.Changes(job, changed, List.of())).stream()
                            .map(io.cfgvault.destinations.DestinationResult::toMap).toList();
                } finally {
                    removeConfig("destination.");
                }
            };
            devices.forEach(d -> env.farm().setConfig(d, SimConfigs.generate("cisco_ios", d, 8_000, 7_000 + SECONDS.get())));
            backup(devices.toArray(String[]::new));
            var results = deliver.apply("job-shared-1");
            assertEquals(List.of("delivered", "delivered", "delivered"), results.stream().map(r -> r.get("status")).toList(), results.toString());
            assertEquals(1, calls.get(), "three destinations and three devices, one GetSecretValue");

            devices.forEach(d -> env.farm().setConfig(d, SimConfigs.generate("cisco_ios", d, 8_000, 8_000 + SECONDS.get())));
            backup(devices.toArray(String[]::new));
            results = deliver.apply("job-shared-2");
            assertEquals(List.of("delivered", "delivered", "delivered"), results.stream().map(r -> r.get("status")).toList(), results.toString());
            assertEquals(1, calls.get(), "the next job within the cache period reads no secret");
            try (Git clone = cloneOf("shared-beta.git")) {
                assertEquals(2, history(clone).size(), "both jobs were pushed with the cached token");
            }

            // The token was rotated on the Git server and in Secrets Manager: the cached copy fails once, then is read again.
            git.token("rotated-token-0987654321");
            value.set("rotated-token-0987654321");
            devices.forEach(d -> env.farm().setConfig(d, SimConfigs.generate("cisco_ios", d, 8_000, 9_000 + SECONDS.get())));
            backup(devices.toArray(String[]::new));
            results = deliver.apply("job-shared-3");
            assertEquals(List.of("delivered", "delivered", "delivered"), results.stream().map(r -> r.get("status")).toList(), results.toString());
            assertEquals(2, ((Number) results.get(0).get("attempts")).intValue(), results.toString());
            assertEquals(1, ((Number) results.get(1).get("attempts")).intValue(), "the re-read token serves the other destinations");
            assertEquals(2, calls.get(), "read again after the push with the stale token failed, once for all three");
        } finally {
            git.token(TOKEN);
            sm.stop(0);
            removeConfig("destination.");
        }
    }
}
