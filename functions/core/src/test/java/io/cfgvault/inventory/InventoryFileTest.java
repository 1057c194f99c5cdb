package io.cfgvault.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryFileTest {
    static final String GOOD = """
            credentials:
              lab: {username: admin, passwordEnv: LAB_PASSWORD}
              inline: {username: ops, password: s3cret-inline}
            devices:
              - {name: core-sw-01, host: 10.0.0.1, port: 22, platform: cisco_ios, model: C9300, group: campus, credentials: lab}
              - {name: edge-rtr-01, host: 10.0.0.2, platform: juniper_junos, credentials: inline, enabled: false,
                 options: {kex: diffie-hellman-group14-sha1}}
            """;

    @Test
    void readsDevicesAndCredentialReferences() {
        var file = InventoryFile.parse(GOOD, "inv.yaml");
        assertEquals(2, file.devices().size());
        Device edge = file.devices().get(1);
        assertEquals(22, edge.port());
        assertFalse(edge.enabled());
        assertEquals("diffie-hellman-group14-sha1", edge.options().get("kex"));
        var creds = new FileCredentials(file.credentials(), Map.of("LAB_PASSWORD", "from-env"), Path.of("."));
        assertEquals("from-env", creds.resolve(file.devices().get(0)).password().orElseThrow());
        assertEquals("s3cret-inline", creds.resolve(edge).password().orElseThrow());
    }

    @Test
    void errorsNameTheDeviceAndFieldAndNeverTheSecret() {
        var e = assertThrows(IllegalArgumentException.class, () -> InventoryFile.parse(
                GOOD.replace("port: 22", "port: twenty-two"), "inv.yaml"));
        assertEquals("inv.yaml: device 'core-sw-01': 'port' must be a number from 1 to 65535, got 'twenty-two'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InventoryFile.parse(GOOD.replace("credentials: lab}", "credentials: nope}"), "inv.yaml"));
        assertTrue(e.getMessage().contains("device 'core-sw-01': credentials 'nope' are not defined"), e.getMessage());
        var file = InventoryFile.parse(GOOD, "inv.yaml");
        var creds = new FileCredentials(file.credentials(), Map.of(), Path.of("."));
        e = assertThrows(IllegalArgumentException.class, () -> creds.resolve(file.devices().get(0)));
        assertEquals("device 'core-sw-01': environment variable LAB_PASSWORD (credentials 'lab') is not set", e.getMessage());
        assertFalse(creds.resolve(file.devices().get(1)).toString().contains("s3cret-inline"));
        assertFalse(file.credentials().toString().contains("s3cret-inline"));
    }
}
