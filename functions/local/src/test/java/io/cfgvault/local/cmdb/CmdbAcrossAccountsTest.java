package io.cfgvault.local.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.FileCredentials;
import io.cfgvault.inventory.InventoryFile;
import io.cfgvault.jobs.JobRequest;
import io.cfgvault.jobs.Trigger;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.SharedAws;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import io.cfgvault.metadata.Datasets;
import io.cfgvault.metadata.SavedQueries;
import io.cfgvault.settings.Settings;
import io.cfgvault.tables.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Four deployments in three accounts and two regions write into one bucket through the normal job path
 * (real SSH backups of simulated devices, DynamoDB Local, S3Proxy); the saved queries then answer over all of them.
 */
class CmdbAcrossAccountsTest {
    static final String A = "111111111111";
    static final String B = "222222222222";
    static final String C = "333333333333";
    static final String USER = "backup";
    static final String PASSWORD = "cmdb-test-pass-1";

    static DeviceFarm farm;
    static Path bucketDir;
    static LocalCmdb cmdb;
    static final List<Services> deployments = new ArrayList<>();

    record Sim(String name, String platform, String model, Fault fault) {}

    @BeforeAll
    static void backUpFourDeployments() throws Exception {
        EmbeddedAws env = SharedAws.get();
        Map<String, List<Sim>> plan = new LinkedHashMap<>();
        plan.put(A + "/eu-west-1/prod", List.of(new Sim("r1", "cisco_ios", "C9300", Fault.NONE),
                new Sim("r2", "cisco_ios", "C9300", Fault.NONE), new Sim("r3", "arista_eos", "7050X3", Fault.NONE)));
        plan.put(A + "/us-east-1/prod", List.of(new Sim("u1", "juniper_junos", "MX204", Fault.NONE)));
        plan.put(B + "/eu-west-1/branch", List.of(new Sim("b1", "cisco_ios", "C9500", Fault.NONE),
                new Sim("b2", "cisco_ios", "C9300", Fault.WRONG_PASSWORD)));
        plan.put(C + "/us-east-1/lab", List.of(new Sim("c1", "arista_eos", "7050X3", Fault.WRONG_PASSWORD)));

        var sims = new ArrayList<SimDevice>();
        plan.values().forEach(list -> list.forEach(s -> sims.add(new SimDevice(s.name(), s.platform(), USER, PASSWORD,
                SimConfigs.generate(s.platform(), s.name(), 4_000, s.name().hashCode()), s.fault()))));
        Path dir = Files.createTempDirectory("cfgvault-cmdb-accounts");
        farm = DeviceFarm.start(dir.resolve("farm"), sims);

        String bucket = "cmdb-accounts-" + System.nanoTime();
        Settings base = env.settings();
        try (var creator = new Services(base.withBucket(bucket))) {
            creator.s3().createBucket(b -> b.bucket(bucket));
        }
        int n = 0;
        for (var entry : plan.entrySet()) {
            String[] p = entry.getKey().split("/");
            var settings = new Settings(p[1], bucket, "cmdbacct" + (n++) + "-", Optional.of(p[0]), p[2], Optional.empty(),
                    Optional.empty(), base.secretPrefix(), base.endpoints());
            var creds = new FileCredentials(Map.of("lab", InventoryFile.CredentialSpec.inline("lab", USER, PASSWORD)), Map.of(), dir);
            var services = Services.builder(settings).devices(creds, Profiles.builtin()).build();
            EmbeddedAws.createTables(services.dynamo(), new TableNames(settings.tablePrefix()));
            services.inventory().upsert(entry.getValue().stream().map(s -> new Device(s.name(), farm.host(), farm.port(s.name()),
                    s.platform(), s.model(), "lab", "lab", true, Optional.empty(),
                    Map.of("wallLimit", "20s", "idleTimeout", "5s", "connectTimeout", "5s"))).toList());
            deployments.add(services);
            backup(services);
        }
        // A real change on one device of the first deployment, found by its second job.
        farm.setConfig("r1", SimConfigs.generate("cisco_ios", "r1", 4_000, "r1".hashCode())
                .replace("\nend", "\ninterface Loopback7\n description added by test\nend"));
        backup(deployments.get(0));

        bucketDir = env.dataDir().resolve("s3").resolve(bucket);
        cmdb = new LocalCmdb(bucketDir);
    }

    static void backup(Services services) {
        services.backupJobs().run(new JobRequest(Trigger.CLI, Instant.now(), true, true, JobRequest.DeviceSelector.all(), "local:test"));
    }

    @AfterAll
    static void stop() {
        if (cmdb != null) {
            cmdb.close();
        }
        deployments.forEach(Services::close);
        if (farm != null) {
            farm.close();
        }
    }

    static List<List<Object>> run(String name, String... columns) {
        return SavedQueriesTest.project(cmdb.query(SavedQueries.find(name).orElseThrow().sql()), name, columns);
    }

    @Test
    void failingAndNeverBackedUpDevicesAreFoundInEveryAccount() {
        assertEquals(List.of(List.of(B, "branch", "b2"), List.of(C, "lab", "c1")), run("devices-failing", "accountid", "deployment", "device"));
        assertEquals(List.of(List.of(B, "branch", "b2"), List.of(C, "lab", "c1")), run("no-backup-24h", "accountid", "deployment", "device"));
    }

    @Test
    void changesAreCountedPerAccountRegionAndDeployment() {
        assertEquals(List.of(
                List.of(A, "eu-west-1", "prod", 1L, 3L, 3L),
                List.of(A, "us-east-1", "prod", 0L, 1L, 1L),
                List.of(B, "eu-west-1", "branch", 0L, 1L, 1L)),
                run("changes-7d", "accountid", "region", "deployment", "changes", "firstbackups", "devices"));
        // The raw diff also counts the simulator's volatile lines (a timestamp changes on every fetch), replaced one
        // for one; net, the two added interface lines remain.
        var lines = run("changes-7d", "linesadded", "linesremoved").get(0);
        assertEquals(2L, (Long) lines.get(0) - (Long) lines.get(1), lines.toString());
    }

    @Test
    void platformMixAndTableItemsCoverEveryDeployment() {
        assertEquals(List.of(
                List.of(A, "cisco_ios", "C9300", 2L), List.of(A, "arista_eos", "7050X3", 1L), List.of(A, "juniper_junos", "MX204", 1L),
                List.of(B, "cisco_ios", "C9300", 1L), List.of(B, "cisco_ios", "C9500", 1L),
                List.of(C, "arista_eos", "7050X3", 1L)),
                run("platform-mix", "accountid", "platform", "model", "devices"));
        assertEquals(List.of(List.of(A, "eu-west-1", 3L, 3L), List.of(A, "us-east-1", 1L, 1L), List.of(B, "eu-west-1", 2L, 2L),
                List.of(C, "us-east-1", 1L, 1L)), run("table-items", "accountid", "region", "inventory", "devices"));
    }

    @Test
    void theDeploymentWhoseLastJobFailedIsNamedAndNoneIsStale() {
        assertEquals(List.of(List.of(C, "lab", "failed")), run("deployments-failed-or-stale", "accountid", "deployment", "problem"));
        // r1's running config gained two interface lines (above) that nobody saved; every other device runs what it saved
        assertEquals(List.of(List.of("r1")), run("running-differs-from-startup", "device"));
    }

    @Test
    void jobsDatasetHasOneLinePerJobWithItsCounts() {
        var r = cmdb.query("SELECT accountid, region, deployment, count(*) AS jobs, sum(total) AS devices, sum(failed) AS failed, "
                + "sum(changed) AS changed, count_if(status = 'failed') AS failedjobs, count_if(kind = 'backup') AS backups FROM jobs "
                + "GROUP BY accountid, region, deployment ORDER BY accountid, region, deployment");
        assertEquals(List.of(
                List.of(A, "eu-west-1", "prod", 2L, 6L, 0L, 4L, 0L, 2L),
                List.of(A, "us-east-1", "prod", 1L, 1L, 0L, 1L, 0L, 1L),
                List.of(B, "eu-west-1", "branch", 1L, 2L, 1L, 1L, 0L, 1L),
                List.of(C, "us-east-1", "lab", 1L, 1L, 1L, 0L, 1L, 1L)), r.rows());
    }

    @Test
    void writerProducesExactlyTheDeclaredFieldsWithTheDeclaredTypes() throws Exception {
        var mapper = new ObjectMapper();
        int lines = 0;
        for (Datasets.Dataset d : Datasets.defined().datasets()) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(bucketDir.resolve("metadata").resolve(d.name()))) {
                files = s.filter(Files::isRegularFile).toList();
            }
            assertTrue(!files.isEmpty(), "no files for dataset " + d.name());
            for (Path f : files) {
                String rel = bucketDir.relativize(f).toString();
                assertTrue(rel.matches("metadata/" + d.name() + "/accountid=\\d{12}/region=[a-z0-9-]+/deployment=[a-z0-9-]+/"
                        + (d.dayPartition() ? "day=\\d{4}-\\d{2}-\\d{2}/" : "") + d.file().replaceAll("<[^>]+>", "[^/]+").replace(".json", "\\.json")), rel);
                for (String line : Files.readAllLines(f)) {
                    JsonNode json = mapper.readTree(line);
                    var names = new ArrayList<String>();
                    json.fieldNames().forEachRemaining(names::add);
                    assertEquals(d.fields().stream().map(Datasets.Field::name).toList(), names, rel);
                    for (Datasets.Field field : d.fields()) {
                        JsonNode v = json.get(field.name());
                        boolean ok = v.isNull() || switch (field.type()) {
                            case "string" -> v.isTextual();
                            case "bigint" -> v.isIntegralNumber();
                            case "boolean" -> v.isBoolean();
                            default -> field.type().startsWith("map<string,bigint>") && v.isObject();
                        };
                        assertTrue(ok, rel + ": " + field.name() + " is declared " + field.type() + " but written as " + v);
                    }
                    lines++;
                }
            }
        }
        assertTrue(lines >= 4 + 7 + 5 + 6, "lines checked: " + lines);
        String all;
        try (Stream<Path> s = Files.walk(bucketDir.resolve("metadata"))) {
            all = String.join("\n", s.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        }
        assertTrue(!all.contains(PASSWORD) && !all.contains("description added by test"), "no secret and no config content in metadata");
    }
}
