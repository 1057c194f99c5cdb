package io.cfgvault.local.cmdb;

import static io.cfgvault.local.cmdb.CmdbFixture.A;
import static io.cfgvault.local.cmdb.CmdbFixture.B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfgvault.metadata.SavedQueries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every saved query, run locally over a fixture of two accounts, two regions and three deployments. */
class SavedQueriesTest {
    @TempDir
    static Path dir;
    static LocalCmdb cmdb;

    @BeforeAll
    static void open() throws Exception {
        cmdb = new LocalCmdb(CmdbFixture.write(dir.resolve("bucket")));
    }

    @AfterAll
    static void close() {
        cmdb.close();
    }

    /** The saved query's rows, projected on the given columns. */
    static List<List<Object>> run(String name, String... columns) {
        return project(cmdb.query(SavedQueries.find(name).orElseThrow().sql()), name, columns);
    }

    static List<List<Object>> project(QueryResult r, String name, String... columns) {
        var out = new ArrayList<List<Object>>();
        for (List<Object> row : r.rows()) {
            var projected = new ArrayList<Object>();
            for (String c : columns) {
                int i = r.columns().indexOf(c);
                if (i < 0) {
                    throw new AssertionError(name + " has no column " + c + ": " + r.columns());
                }
                projected.add(row.get(i));
            }
            out.add(projected);
        }
        return out;
    }

    @Test
    void everyShippedQueryIsCoveredHere() {
        assertEquals(List.of("changes-7d", "deployments-failed-or-stale", "devices-failing", "no-backup-24h", "platform-mix",
                "running-differs-from-startup", "table-items"), SavedQueries.all().stream().map(SavedQueries.Query::name).toList());
    }

    @Test
    void devicesFailingNowListsEveryFailedLastAttemptWithItsError() {
        assertEquals(List.of(
                List.of(A, "prod", "r2", "timeout", "cut off: no result within the wall limit of 60 s"),
                List.of(B, "lab", "s2", "auth", "authentication failed for user backup")),
                run("devices-failing", "accountid", "deployment", "device", "status", "lasterror"));
    }

    @Test
    void noBackupIn24HoursCountsNeverBackedUpAndSkipsDisabledDevices() {
        assertEquals(List.of(List.of(A, "prod", "r2"), List.of(A, "prod", "r3"), List.of(B, "old", "t1")),
                run("no-backup-24h", "accountid", "deployment", "device"));
    }

    @Test
    void changesPerDeploymentInSevenDaysCountFirstBackupsApartAndIgnoreOlderChanges() {
        assertEquals(List.of(
                List.of(A, "eu-west-1", "prod", 1L, 1L, 1L),
                List.of(B, "us-east-1", "lab", 1L, 0L, 1L)),
                run("changes-7d", "accountid", "region", "deployment", "changes", "firstbackups", "devices"));
        assertEquals(List.of(List.of(3L, 1L), List.of(5L, 0L)), run("changes-7d", "linesadded", "linesremoved"));
    }

    @Test
    void platformAndModelMixIsCountedPerAccount() {
        assertEquals(List.of(
                List.of(A, "cisco_ios", "C9300", 2L),
                List.of(A, "arista_eos", "7050X3", 1L),
                List.of(A, "juniper_junos", "MX204", 1L),
                List.of(B, "arista_eos", "7050X3", 1L),
                List.of(B, "cisco_ios", "C9300", 1L),
                List.of(B, "cisco_ios", "C9500", 1L)),
                run("platform-mix", "accountid", "platform", "model", "devices"));
    }

    @Test
    void deploymentsWhoseLastJobFailedOrIsStaleAreNamedWithTheProblem() {
        assertEquals(List.of(List.of(B, "lab", "failed", "failed"), List.of(B, "old", "completed", "stale")),
                run("deployments-failed-or-stale", "accountid", "deployment", "lastjobstatus", "problem"));
    }

    @Test
    void runningDiffersFromStartupListsOnlyDevicesKnownToDiffer() {
        assertEquals(List.of(List.of(A, "prod", "r1")), run("running-differs-from-startup", "accountid", "deployment", "device"));
    }

    @Test
    void tableItemCountsPerDeploymentShowNullForTablesNeverExported() {
        var rows = run("table-items", "deployment", "configuration", "scheduler", "inventory", "devices");
        assertEquals(List.of(List.of("prod", 3L, 1L, 4L, 4L), List.of("lab", 1L, 0L, 2L, 2L)), rows.subList(0, 2));
        assertEquals(java.util.Arrays.asList("old", null, null, null, 1L), rows.get(2));
    }
}
