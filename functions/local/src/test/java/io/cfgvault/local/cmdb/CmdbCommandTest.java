package io.cfgvault.local.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.cli.Cfgvault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cfgvault cmdb} as a user runs it over a data dir: output, saved queries, exit codes and messages. */
class CmdbCommandTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void fixture() throws Exception {
        CmdbFixture.write(data.resolve("s3").resolve(EmbeddedAws.BUCKET));
    }

    record Run(int code, String out, String err) {}

    static Run cmdb(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cfgvault.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 3];
        all[0] = "cmdb";
        all[1] = "--data-dir";
        all[2] = data.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void savedQueryRunsByNameAsCsv() {
        Run r = cmdb("--csv", "--run", "devices-failing");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("accountid,region,deployment,device,platform,model,status,lasterror,lastcheck,lastsuccess\r\n"), r.out());
        assertEquals(3, r.out().split("\r\n").length, r.out());
    }

    @Test
    void savedListsEveryQueryWithItsDescription() {
        Run r = cmdb("--saved");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("platform-mix") && r.out().contains("Platform and model mix per account"), r.out());
    }

    @Test
    void badSqlPrintsTheEnginesMessageWithPositionAndExitsOne() {
        Run r = cmdb("SELECT platfrom FROM devices");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Referenced column \"platfrom\" not found") && r.err().contains("LINE 1: SELECT platfrom FROM devices"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void readingOutsideTheMetadataIsRefusedWithExitOne() {
        Run r = cmdb("SELECT * FROM read_text('/etc/passwd')");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("refused: cmdb reads only the metadata datasets under"), r.err());
        assertTrue(!r.out().contains("root:"), r.out());
    }

    @Test
    void unknownSavedQueryAndMissingArgumentsAreNamed() {
        Run unknown = cmdb("--run", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no saved query 'nope'; saved queries: changes-7d"), unknown.err());
        Run none = cmdb();
        assertEquals(1, none.code());
        assertTrue(none.err().contains("give one of a SQL query, --saved or --run NAME"), none.err());
    }
}
