package io.cfgvault.local.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.config.Profiles;
import io.cfgvault.inventory.Device;
import io.cfgvault.inventory.DeviceState;
import io.cfgvault.inventory.InventoryStore;
import io.cfgvault.inventory.source.ChangeSet;
import io.cfgvault.inventory.source.CsvSource;
import io.cfgvault.inventory.source.DcimSource;
import io.cfgvault.inventory.source.InventorySourceException;
import io.cfgvault.inventory.source.InventorySync;
import io.cfgvault.inventory.source.PlatformMap;
import io.cfgvault.inventory.source.SourceApi;
import io.cfgvault.inventory.source.SourceTokens;
import io.cfgvault.local.SharedAws;
import io.cfgvault.tables.AppTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Syncing the inventory table from NetBox and Nautobot, served as recorded JSON pages by a loopback HTTP server
 * (neither can run here), into DynamoDB Local.
 */
class InventorySyncTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";

    /** The NetBox token as the environment gives it; a call to Secrets Manager fails the test. */
    static SourceTokens environmentTokens() {
        return new SourceTokens(Map.of("CFGVAULT_NETBOX_TOKEN", TOKEN), () -> {
            throw new AssertionError("the environment has the token; Secrets Manager is not asked");
        }, "cfgvault/test/");
    }

    Services services;
    RecordedDcim netbox;

    @BeforeEach
    void start() throws Exception {
        services = SharedAws.isolated("invsync");
        netbox = new RecordedDcim("netbox-devices-page1.json", "netbox-devices-page2.json");
    }

    @AfterEach
    void stop() {
        netbox.close();
        services.close();
    }

    ChangeSet sync(DcimSource.Kind kind, RecordedDcim server, List<Map.Entry<String, String>> filters, boolean dryRun, Duration timeout) {
        PlatformMap platforms = PlatformMap.of(services.configuration(), new HashSet<>(Profiles.builtin().names()));
        try (SourceApi api = new SourceApi(kind.label(), server.url(), TOKEN, timeout)) {
            return new InventorySync(services.inventory()).run(new DcimSource(kind, api, filters, platforms), "lab", dryRun);
        }
    }

    ChangeSet syncNetbox(boolean dryRun) {
        return sync(DcimSource.Kind.NETBOX, netbox, List.of(Map.entry("site", "fra1")), dryRun, Duration.ofSeconds(10));
    }

    /** A recorded page (resource name or JSON text) as the only page, with one device taken out. */
    static String withoutDevice(String page, String name) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            String text = page.endsWith(".json") ? RecordedDcim.resource(page) : page;
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(text);
            var results = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("results");
            for (int i = results.size() - 1; i >= 0; i--) {
                if (results.get(i).get("name").asText().equals(name)) {
                    results.remove(i);
                }
            }
            root.putNull("next");
            return json.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Device device(String name) {
        return services.inventory().get(name).orElseThrow(() -> new AssertionError(name + " is not in the table")).device();
    }

    @Test
    void netboxSyncReadsEveryPageAndMapsPlatformsSitesAndPrimaryIps() {
        ChangeSet changes = syncNetbox(false);

        assertEquals(List.of("fra1-core-01", "fra1-edge-01", "fra1-access-07"), changes.added().stream().map(ChangeSet.Change::device).toList());
        Device core = device("fra1-core-01");
        assertEquals("10.10.0.1", core.host());
        assertEquals("cisco_ios", core.platform(), "NetBox slug cisco-ios-xe maps to the cisco_ios profile");
        assertEquals("C9300-48P", core.model());
        assertEquals("fra1", core.group());
        assertEquals("lab", core.credentials());
        assertEquals(22, core.port());
        assertTrue(core.enabled());
        Device edge = device("fra1-edge-01");
        assertEquals("10.10.0.2", edge.host(), "primary_ip4 without its /31");
        assertEquals("juniper_junos", edge.platform());
        Device access = device("fra1-access-07");
        assertEquals("fra1-access-07", access.host(), "no primary IP: the name is the host");
        assertEquals("arista_eos", access.platform());
        assertFalse(access.enabled(), "an Offline device is imported disabled");

        assertEquals(1, changes.problems().size());
        assertEquals("fra1-pdu-01", changes.problems().getFirst().device());
        assertTrue(changes.problems().getFirst().message().contains("unknown platform 'apc-aos'"), changes.problems().toString());
        assertTrue(services.inventory().get("fra1-pdu-01").isEmpty());
        assertEquals("101", services.inventory().origins().get("fra1-core-01").ref());

        assertEquals(2, netbox.requests.size(), "both pages were read");
        var first = netbox.requests.get(0);
        assertEquals("/api/dcim/devices/", first.path());
        assertTrue(first.query().contains("site=fra1") && first.query().contains("limit=1000"), first.query());
        assertEquals("Token " + TOKEN, first.authorization());
        var second = netbox.requests.get(1);
        assertTrue(second.query().contains("offset=2"), "the next link was followed on the configured host, not netbox.internal: " + second);
        assertEquals("Token " + TOKEN, second.authorization());
    }

    @Test
    void dryRunShowsTheChangeSetAndWritesNothing() {
        ChangeSet changes = syncNetbox(true);

        assertFalse(changes.applied());
        assertEquals(3, changes.added().size());
        assertTrue(services.inventory().list().isEmpty(), "a dry run writes nothing");
        assertTrue(changes.summary().startsWith("3 added, 0 changed"), changes.summary());
    }

    @Test
    void secondSyncReportsOnlyWhatChanged() {
        syncNetbox(false);
        String changed = RecordedDcim.resource("netbox-devices-page1.json").replace("10.10.0.1/24", "10.10.0.11/24");
        netbox.onePage(withoutDevice(changed, "no-such-device"));

        ChangeSet changes = syncNetbox(true);

        assertEquals(0, changes.added().size());
        assertEquals(1, changes.changed().size());
        var c = changes.changed().getFirst();
        assertEquals("fra1-core-01", c.device());
        assertEquals(List.of(new ChangeSet.FieldChange("host", "10.10.0.1", "10.10.0.11")), c.fields());
        assertEquals(1, changes.unchanged());
        assertTrue(changes.removed().isEmpty(), "fra1-access-07 (page 2 is gone now) was already disabled: " + changes.removed());
    }

    @Test
    void deviceGoneFromTheSourceIsDisabledKeepingItsHostKeyAndBackupState() {
        syncNetbox(false);
        services.inventory().pinHostKey("fra1-edge-01", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        var state = new DeviceState(Optional.of(Instant.parse("2026-11-30T10:00:00Z")), Optional.of(Instant.parse("2026-11-30T10:00:00Z")),
                Optional.empty(), Optional.of("ab12"), 2048, "ok", Optional.empty(), Optional.of("20261130T100000Z"), Optional.of("job-1"));
        services.inventory().recordState("fra1-edge-01", state);
        netbox.onePage(withoutDevice("netbox-devices-page1.json", "fra1-edge-01"));

        ChangeSet changes = syncNetbox(false);

        assertEquals(List.of("fra1-edge-01"), changes.removed().stream().map(ChangeSet.Change::device).toList(),
                "fra1-access-07 is gone too, but was disabled already");
        InventoryStore.Entry edge = services.inventory().get("fra1-edge-01").orElseThrow();
        assertFalse(edge.device().enabled(), "disabled, not deleted");
        assertEquals(Optional.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"), edge.device().hostKey());
        assertEquals(Optional.of("20261130T100000Z"), edge.state().version());
        assertEquals("ok", edge.state().status());
    }

    @Test
    void devicesFromOtherSourcesAreNeverDisabledByASync() {
        services.inventory().upsert(List.of(new Device("lab-sw-01", "192.0.2.50", 22, "cisco_ios", "", "lab", "lab", true,
                Optional.empty(), Map.of())));

        ChangeSet changes = syncNetbox(false);

        assertTrue(changes.removed().isEmpty());
        assertTrue(device("lab-sw-01").enabled());
    }

    @Test
    void platformMappingIsOverriddenInTheConfigurationTable() {
        services.dynamo().putItem(b -> b.tableName(services.tableNames().physical(AppTable.CONFIGURATION))
                .item(Map.of("key", AttributeValue.fromS("inventory.platform.apc-aos"), "value", AttributeValue.fromS("linux"))));

        ChangeSet changes = syncNetbox(false);

        assertTrue(changes.problems().isEmpty(), changes.problems().toString());
        assertEquals("linux", device("fra1-pdu-01").platform());
        assertEquals("10.10.9.3", device("fra1-pdu-01").host());
    }

    @Test
    void rejectedTokenChangesNothingAndSaysWhy() {
        services.inventory().upsert(List.of(new Device("lab-sw-01", "192.0.2.50", 22, "cisco_ios", "", "lab", "lab", true,
                Optional.empty(), Map.of())));
        netbox.mode(RecordedDcim.Mode.UNAUTHORIZED);

        var e = assertThrows(InventorySourceException.class, () -> syncNetbox(false));

        assertTrue(e.getMessage().contains("refused the API token (HTTP 401: Invalid token)"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), "the token never appears in an error");
        assertEquals(List.of("lab-sw-01"), services.inventory().list().stream().map(en -> en.device().name()).toList());
    }

    @Test
    void serverErrorChangesNothingAndSaysWhy() {
        netbox.mode(RecordedDcim.Mode.ERROR);

        var e = assertThrows(InventorySourceException.class, () -> syncNetbox(false));

        assertTrue(e.getMessage().contains("answered HTTP 500 to GET /api/dcim/devices/"), e.getMessage());
        assertTrue(services.inventory().list().isEmpty());
    }

    @Test
    void silentServerTimesOutAndChangesNothing() {
        netbox.mode(RecordedDcim.Mode.SILENT);

        var e = assertThrows(InventorySourceException.class,
                () -> sync(DcimSource.Kind.NETBOX, netbox, List.of(), false, Duration.ofSeconds(1)));

        assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
        assertTrue(services.inventory().list().isEmpty());
    }

    @Test
    void nautobotSyncUsesLocationsTagsAndNetworkDrivers() throws Exception {
        try (var nautobot = new RecordedDcim("nautobot-devices-page1.json", "nautobot-devices-page2.json")) {
            ChangeSet changes = sync(DcimSource.Kind.NAUTOBOT, nautobot, List.of(Map.entry("site", "Berlin"), Map.entry("tag", "backup"),
                    Map.entry("status", "Active")), false, Duration.ofSeconds(10));

            assertEquals(2, changes.added().size(), changes.report().toString());
            Device core = device("ber-core-01");
            assertEquals("cisco_nxos", core.platform(), "from network_driver_mappings.netmiko");
            assertEquals("10.20.0.1", core.host());
            assertEquals("Berlin", core.group());
            assertEquals("N9K-C93180YC-FX", core.model());
            assertEquals("fortinet", device("ber-fw-01").platform());
            assertEquals("4f1c9a52-3e0b-4c4e-9a57-1b7f2d7d0c01", services.inventory().origins().get("ber-core-01").ref());
            String query = nautobot.requests.getFirst().query();
            assertTrue(query.contains("location=Berlin") && query.contains("tags=backup") && query.contains("depth=1")
                    && query.contains("status=Active"), "Nautobot 2 filter names: " + query);
            assertEquals(2, nautobot.requests.size());
            assertTrue(changes.source().startsWith("nautobot http://127.0.0.1:"), changes.source());
        }
    }

    @Test
    void csvWithABadRowImportsNothingAndNamesLineAndColumn() {
        String csv = "name,host,platform,port\ncore-01,10.0.0.1,cisco_ios,22\ncore-02,10.0.0.2,cisco_ios,70000\n";
        PlatformMap platforms = PlatformMap.of(services.configuration(), new HashSet<>(Profiles.builtin().names()));

        var e = assertThrows(InventorySourceException.class, () -> new InventorySync(services.inventory())
                .run(new CsvSource("devices.csv", csv, platforms), "lab", false));

        assertEquals("devices.csv: line 3, column 'port': '70000' is not a port number from 1 to 65535 (nothing was imported)", e.getMessage());
        assertTrue(services.inventory().list().isEmpty());
    }
}
