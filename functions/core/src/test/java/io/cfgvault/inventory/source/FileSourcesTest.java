package io.cfgvault.inventory.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.config.Profiles;
import io.cfgvault.settings.Configuration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CSV files and Oxidized router.db files read into source devices; bad rows name line and column. */
class FileSourcesTest {
    static final PlatformMap PLATFORMS = PlatformMap.of(new Configuration(Map.of()), new HashSet<>(Profiles.builtin().names()));

    static SourceRead csv(String text) {
        return new CsvSource("devices.csv", text, PLATFORMS).read();
    }

    static SourceRead routerDb(String text, String separator, String map) {
        return new RouterDbSource("router.db", text, separator, RouterDbSource.parseMap(map), PLATFORMS).read();
    }

    @Test
    void csvColumnsInAnyOrderWithOptionalOnes() {
        SourceRead read = csv("platform,name,host,port,group,credentials,enabled,model\n"
                + "cisco_ios,core-01,10.0.0.1,2222,campus,core,true,C9300\n"
                + "arista-eos,leaf-01,10.0.0.2,,dc,,no,\n");

        assertEquals("csv", read.source());
        assertEquals(List.of(
                new SourceDevice("core-01", "10.0.0.1", Optional.of(2222), "cisco_ios", "C9300", "campus", Optional.of("core"), true, Optional.empty()),
                new SourceDevice("leaf-01", "10.0.0.2", Optional.empty(), "arista_eos", "", "dc", Optional.empty(), false, Optional.empty())),
                read.devices());
    }

    @Test
    void csvQuotedFieldsAndByteOrderMark() {
        SourceRead read = csv("\uFEFFname,host,platform,group\r\n\"core-01\",\"10.0.0.1\",cisco_ios,\"Campus, building 2\"\r\n");

        assertEquals("Campus, building 2", read.devices().getFirst().group());
    }

    @Test
    void csvBadRowNamesLineAndColumn() {
        var e = assertThrows(InventorySourceException.class,
                () -> csv("name,host,platform\ncore-01,10.0.0.1,cisco_ios\ncore 02,10.0.0.2,cisco_ios\n"));
        assertTrue(e.getMessage().startsWith("devices.csv: line 3, column 'name': 'core 02' is not a valid device name"), e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> csv("name,host,platform\ncore-01,,cisco_ios\n"));
        assertEquals("devices.csv: line 2, column 'host': the host is empty (nothing was imported)", e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> csv("name,host,platform,enabled\ncore-01,10.0.0.1,cisco_ios,maybe\n"));
        assertEquals("devices.csv: line 2, column 'enabled': 'maybe' is not true or false (nothing was imported)", e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> csv("name,host,platform\na,1,cisco_ios\na,2,cisco_ios\n"));
        assertEquals("devices.csv: line 3, column 'name': device 'a' appears twice (nothing was imported)", e.getMessage());
    }

    @Test
    void csvHeaderProblemsAreNamed() {
        var e = assertThrows(InventorySourceException.class, () -> csv("name,hostname,platform\na,1,cisco_ios\n"));
        assertTrue(e.getMessage().startsWith("devices.csv: line 1, column 'hostname': unknown column"), e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> csv("name,platform\na,cisco_ios\n"));
        assertTrue(e.getMessage().startsWith("devices.csv: line 1: column 'host' is missing"), e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> csv("name,host,platform\na,1\n"));
        assertTrue(e.getMessage().startsWith("devices.csv: line 2: 2 columns, but the header has 3"), e.getMessage());
    }

    @Test
    void csvUnknownPlatformIsReportedForThatDeviceOnly() {
        SourceRead read = csv("name,host,platform\ncore-01,10.0.0.1,cisco_ios\nups-01,10.0.0.9,apc_ups\n");

        assertEquals(1, read.devices().size());
        assertEquals("ups-01", read.problems().getFirst().device());
        assertTrue(read.problems().getFirst().message().startsWith("unknown platform 'apc_ups' (line 3)"), read.problems().toString());
    }

    @Test
    void routerDbDefaultLayoutIsNameColonModel() {
        SourceRead read = routerDb("# core\nsw1.example.net:ios\n\nfw1:asa\nedge1:JunOS\n", null, null);

        assertEquals("oxidized", read.source());
        assertEquals(List.of("sw1.example.net", "fw1", "edge1"), read.devices().stream().map(SourceDevice::name).toList());
        assertEquals(List.of("cisco_ios", "cisco_asa", "juniper_junos"), read.devices().stream().map(SourceDevice::platform).toList());
        assertEquals("sw1.example.net", read.devices().getFirst().host(), "without an ip field the name is the host");
    }

    @Test
    void routerDbSeparatorAndFieldMapAsOxidizedConfiguresThem() {
        SourceRead read = routerDb("core-01|10.1.1.1|eos|dc1|admin|secret\n", "|", "name=0,ip=1,model=2,group=3,username=4,password=5");

        SourceDevice d = read.devices().getFirst();
        assertEquals("10.1.1.1", d.host());
        assertEquals("arista_eos", d.platform());
        assertEquals("dc1", d.group());
        assertEquals(Optional.empty(), d.credentials(), "passwords in router.db are never imported");
    }

    @Test
    void routerDbBadRowNamesLineAndField() {
        var e = assertThrows(InventorySourceException.class, () -> routerDb("sw1:ios:10.0.0.1\nsw2:ios\n", null, "name=0,model=1,ip=2"));
        assertEquals("router.db: line 2, column 'ip': the line has 2 fields split by ':', but the field map needs 3 (nothing was imported)",
                e.getMessage());

        e = assertThrows(InventorySourceException.class, () -> routerDb("sw1:\n", null, null));
        assertEquals("router.db: line 1, column 'model': the model is empty (nothing was imported)", e.getMessage());
    }

    @Test
    void routerDbUnknownModelIsReportedWithTheKeyThatMapsIt() {
        SourceRead read = routerDb("sw1:ios\nolt1:zhone\n", null, null);

        assertEquals(1, read.devices().size());
        assertTrue(read.problems().getFirst().message().contains("unknown Oxidized model 'zhone' (line 2)")
                && read.problems().getFirst().message().contains("inventory.oxidized.zhone"), read.problems().toString());
    }

    @Test
    void oxidizedModelMappingIsOverridable() {
        var platforms = PlatformMap.of(new Configuration(Map.of("inventory.oxidized.zhone", "linux")), new HashSet<>(Profiles.builtin().names()));
        SourceRead read = new RouterDbSource("router.db", "olt1:zhone\n", null, null, platforms).read();

        assertEquals("linux", read.devices().getFirst().platform());
    }
}
