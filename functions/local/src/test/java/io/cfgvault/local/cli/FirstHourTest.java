package io.cfgvault.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.sim.DeviceFarm;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What got in a new user's way in the first hour, each as the user meets it on the command line. */
class FirstHourTest {
    @TempDir
    Path dir;

    private static SimDevice device(String name) {
        return new SimDevice(name, "cisco_ios", "ops", "pw-1", SimConfigs.generate("cisco_ios", name, 3_000, 1), Fault.NONE);
    }

    @Test
    void backupOfAFileBacksUpThatFilesDevicesOnlyAndWritesEvents() throws Exception {
        try (DeviceFarm farm = DeviceFarm.start(dir.resolve("farm"), List.of(device("sw-old"), device("sw-new")))) {
            String data = dir.resolve("data").toString();
            Path first = dir.resolve("first.yaml");
            Files.writeString(first, """
                    credentials: {c: {username: ops, password: pw-1}}
                    devices: [{name: sw-old, host: 127.0.0.1, port: %d, platform: cisco_ios, credentials: c}]
                    """.formatted(farm.port("sw-old")));
            Path second = dir.resolve("second.yaml");
            Files.writeString(second, """
                    credentials: {c: {username: ops, password: pw-1}}
                    devices: [{name: sw-new, host: 127.0.0.1, port: %d, platform: cisco_ios, credentials: c}]
                    """.formatted(farm.port("sw-new")));
            assertEquals(0, CliRun.run("backup", "--inventory", first.toString(), "--data-dir", data, "--no-tables").code());
            farm.setFault("sw-old", Fault.WRONG_PASSWORD);   // would fail the run if it were backed up again

            var r = CliRun.run("backup", "--inventory", second.toString(), "--data-dir", data, "--no-tables");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("inventory: 1 devices from " + second + ", 1 selected"), r.out());
            assertTrue(r.out().contains("1 devices: 1 ok (1 changed), 0 failed"), r.out());
            assertFalse(r.out().contains("sw-old"), r.out());

            String events = Files.readString(dir.resolve("data").resolve("events.jsonl"));
            assertEquals(2, events.lines().filter(l -> l.contains("\"Backup Job Completed\"")).count(), events);
        }
    }

    @Test
    void anUnsetPasswordVariableStopsTheBackupBeforeAnythingIsWritten() throws Exception {
        Path inv = dir.resolve("inv.yaml");
        Files.writeString(inv, """
                credentials: {lab: {username: ops, passwordEnv: CFGVAULT_TEST_NEVER_SET}}
                devices: [{name: sw-a, host: 127.0.0.1, port: 22, platform: cisco_ios, credentials: lab}]
                """);
        var r = CliRun.run("backup", "--inventory", inv.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, r.code());
        assertEquals("cfgvault: device 'sw-a': environment variable CFGVAULT_TEST_NEVER_SET (credentials 'lab') is not set",
                r.err().strip());
        assertFalse(Files.exists(dir.resolve("data").resolve("s3").resolve(EmbeddedAws.BUCKET).resolve("latest")),
                "no table export, no job: nothing was written");
        assertFalse(Files.exists(dir.resolve("data").resolve("events.jsonl")));
    }

    @Test
    void aDataDirectoryInUseIsRefusedNamingTheOwnerAndTheWayOut() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedAws serving = EmbeddedAws.start(data)) {
            var r = CliRun.run("trust", "sw-a", "--data-dir", data.toString());
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("cfgvault: data directory " + data.toAbsolutePath() + " is in use by another cfgvault "
                    + "process (pid " + ProcessHandle.current().pid()), r.err());
            assertTrue(r.err().strip().endsWith("stop it first (Ctrl-C in its terminal), or give this command another --data-dir"), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
        }
        assertEquals(1, CliRun.run("trust", "sw-a", "--data-dir", data.toString()).code(), "free again: fails only on the unknown device");
    }

    @Test
    void awsModeNamesWhatIsMissingInsteadOfTheSdkCredentialChain() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AwsPreflight.check(Map.of("AWS_PROFILE", "x")));
        assertEquals("--aws needs AWS_REGION (the deployment's region, e.g. eu-west-1), CFGVAULT_BUCKET (stack output "
                + "BucketName) in the environment (see README, Environment variables)", e.getMessage());
        var settings = AwsPreflight.check(Map.of("AWS_REGION", "eu-west-1", "CFGVAULT_BUCKET", "b", "CFGVAULT_DEPLOYMENT", "prod",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1"));
        assertEquals("cfgvault/prod/", settings.secretPrefix(), "the stack's secretPrefix default");
        assertEquals("cfgvault-prod-", settings.tablePrefix(), "the stack's table names");
    }

    @Test
    void progressIntoALogIsPlainLinesWithoutCarriageReturns() {
        var err = new ByteArrayOutputStream();
        try (var p = new ProgressReporter(false, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            p.total(20);
            for (int i = 0; i < 20; i++) {
                var fetch = new io.cfgvault.jobs.JobSummary.DeviceOutcome.Fetch(1, 1, 1, List.of());
                p.finished(i == 3 ? io.cfgvault.jobs.JobSummary.DeviceOutcome.failed("d" + i, io.cfgvault.jobs.DeviceStatus.AUTH_FAILED, "x", fetch)
                        : io.cfgvault.jobs.JobSummary.DeviceOutcome.succeeded("d" + i, fetch,
                                new io.cfgvault.jobs.JobSummary.DeviceOutcome.Stored(false, null, null, null, null, 0, 0)));
            }
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        assertEquals(10, text.lines().count(), text);
        assertTrue(text.endsWith("devices: 20/20 done, 1 failed\n"), text);
    }

    @Test
    void everyCommandAnswersHelpWithExitZero() {
        var tree = Cfgvault.commandLine();
        var names = new java.util.ArrayList<List<String>>();
        collect(tree, List.of(), names);
        assertTrue(names.contains(List.of("restore")) && names.contains(List.of("lab", "fault")), names.toString());
        for (List<String> path : names) {
            var args = new java.util.ArrayList<>(path);
            args.add("--help");
            var r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), path + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: cfgvault " + String.join(" ", path)), path + ": " + r.out());
        }
    }

    @Test
    void aMistypedCommandLineIsOneLineNamingTheProblemAndTheHelp() {
        var r = CliRun.run("restore", "--inventory", "x.yaml");
        assertEquals(1, r.code());
        assertEquals("cfgvault: Missing required parameter: '<device>' (see `cfgvault restore --help`)", r.err().strip());
        var typo = CliRun.run("backup", "--inventory", "x.yaml", "--no-tabels");
        assertEquals(1, typo.code());
        assertEquals(1, typo.err().strip().lines().count(), typo.err());
        assertTrue(typo.err().startsWith("cfgvault: Unknown option: '--no-tabels'"), typo.err());
        assertTrue(typo.err().strip().endsWith("(see `cfgvault backup --help`)"), typo.err());
    }

    private static void collect(picocli.CommandLine cmd, List<String> path, List<List<String>> out) {
        cmd.getSubcommands().forEach((name, sub) -> {
            var p = new java.util.ArrayList<>(path);
            p.add(name);
            out.add(p);
            collect(sub, p, out);
        });
    }
}
