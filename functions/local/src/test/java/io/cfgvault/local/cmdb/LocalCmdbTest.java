package io.cfgvault.local.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local engine: Athena's table and column names, partition columns, and a sandbox around the metadata. */
class LocalCmdbTest {
    @TempDir
    static Path dir;
    static LocalCmdb cmdb;
    static Path bucket;

    @BeforeAll
    static void open() throws Exception {
        bucket = CmdbFixture.write(dir.resolve("bucket"));
        Files.writeString(bucket.resolve("latest-secret.txt"), "not metadata");
        cmdb = new LocalCmdb(bucket);
    }

    @AfterAll
    static void close() {
        cmdb.close();
    }

    @Test
    void tablesHaveTheGlueColumnsThenThePartitionColumns() {
        assertEquals(List.of("device", "host", "platform", "model", "group", "enabled", "lastcheck", "lastsuccess", "lastchange",
                "sha256", "bytes", "status", "lasterror", "version", "lastjobid", "startupdiffers", "accountid", "region", "deployment"),
                cmdb.query("SELECT * FROM devices LIMIT 1").columns());
        assertEquals(List.of("jobid", "kind", "trigger", "status", "total", "succeeded", "failed", "changed", "unchanged", "tables",
                "startedat", "finishedat", "durationseconds", "accountid", "region", "deployment", "day"),
                cmdb.query("SELECT * FROM jobs").columns());
        assertEquals(List.of(List.of("j1", 42L)), cmdb.query("SELECT jobid, durationseconds FROM jobs").rows());
    }

    @Test
    void accountIdsStayTextSoLeadingZerosSurvive() throws Exception {
        Path other = dir.resolve("zeros");
        Files.createDirectories(other.resolve("metadata/devices/accountid=000000000000/region=us-east-1/deployment=demo"));
        Files.writeString(other.resolve("metadata/devices/accountid=000000000000/region=us-east-1/deployment=demo/devices.json"),
                "{\"device\":\"x\",\"enabled\":true}\n");
        try (var local = new LocalCmdb(other)) {
            assertEquals(List.of(List.of("000000000000", "x", true)), local.query("SELECT accountid, device, enabled FROM devices").rows());
            assertEquals(List.of(), local.query("SELECT * FROM changes").rows(), "a dataset without files is an empty table");
        }
    }

    @Test
    void sqlErrorCarriesTheEnginesMessageAndPosition() {
        var e = assertThrows(CmdbException.class, () -> cmdb.query("SELECT devcie FROM devices"));
        assertTrue(e.getMessage().contains("Referenced column \"devcie\" not found"), e.getMessage());
        assertTrue(e.getMessage().contains("LINE 1: SELECT devcie FROM devices") && e.getMessage().contains("^"), e.getMessage());
    }

    @Test
    void filesOutsideTheMetadataPrefixCannotBeRead() {
        for (String sql : List.of("SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('" + bucket.toAbsolutePath() + "/latest-secret.txt')",
                "SELECT * FROM read_text('" + bucket.toAbsolutePath() + "/metadata/../latest-secret.txt')",
                "COPY (SELECT 1) TO '" + dir.toAbsolutePath() + "/out.csv'",
                "ATTACH '" + dir.toAbsolutePath() + "/x.db'")) {
            var e = assertThrows(CmdbException.class, () -> cmdb.query(sql), sql);
            assertTrue(e.getMessage().contains("Permission Error"), sql + " -> " + e.getMessage());
        }
        var e = assertThrows(CmdbException.class, () -> cmdb.query("SET enable_external_access = true"));
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("out.csv")));
    }

    @Test
    void outputFormatsKeepNullsAndTypes() {
        QueryResult r = cmdb.query("SELECT device, bytes, lastsuccess, enabled FROM devices WHERE device IN ('r3', 's1') ORDER BY device");
        assertEquals("""
                device | bytes | lastsuccess | enabled
                -------+-------+-------------+--------
                r3     |   100 | NULL        | true
                """, ResultFormat.TABLE.render(new QueryResult(r.columns(), r.rows().subList(0, 1))).replace("(1 row)\n", ""));
        assertEquals("device,bytes,lastsuccess,enabled\r\nr3,100,,true\r\n",
                ResultFormat.CSV.render(new QueryResult(r.columns(), r.rows().subList(0, 1))));
        assertTrue(ResultFormat.JSON.render(r).contains("\"bytes\" : 100,\n  \"lastsuccess\" : null,"), ResultFormat.JSON.render(r));
        assertEquals("\"a,b\",\"say \"\"hi\"\"\"\r\n", ResultFormat.CSV.render(new QueryResult(List.of("a,b", "say \"hi\""), List.of()))
                .replace("\r\n\r\n", "\r\n"));
    }
}
