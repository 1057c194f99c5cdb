package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests that match no route, the wrong method or unknown parameters get a clear JSON 4xx. */
class RoutingTest {
    static Services services;
    static ApiHandler handler;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("apirouting");
        handler = new ApiHandler(services);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Test
    void unknownRouteIs404() {
        var e = event("get-configuration.json");
        e.setResource("/{proxy+}");
        e.setPath("/backupz");
        e.setPathParameters(Map.of("proxy", "backupz"));
        var response = handler.handleRequest(e, null);
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("no_such_route", json(response).get("error").asText());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        var e = event("get-configuration.json");
        e.setHttpMethod("DELETE");
        var response = handler.handleRequest(e, null);
        assertEquals(405, response.getStatusCode(), response.getBody());
        assertEquals("GET, PUT", response.getHeaders().get("Allow"));
        assertEquals("method_not_allowed", json(response).get("error").asText());
    }

    @Test
    void unknownOrRepeatedQueryParameterIs400() {
        var e = event("get-device-backup-latest-text.json");
        e.setMultiValueQueryStringParameters(Map.of("formt", List.of("text")));
        var unknown = handler.handleRequest(e, null);
        assertEquals(400, unknown.getStatusCode(), unknown.getBody());
        assertTrue(json(unknown).get("message").asText().contains("'formt'"), unknown.getBody());

        e.setMultiValueQueryStringParameters(Map.of("format", List.of("text", "yaml")));
        var repeated = handler.handleRequest(e, null);
        assertEquals(400, repeated.getStatusCode(), repeated.getBody());
        assertTrue(json(repeated).get("message").asText().contains("2 times"), repeated.getBody());
    }

    @Test
    void metadataIsExportedOnDemandAndReadBack() {
        var e = event("get-configuration.json");
        e.setResource("/metadata");
        e.setPath("/metadata");
        var none = handler.handleRequest(e, null);
        assertEquals(404, none.getStatusCode(), none.getBody());
        assertEquals("no_metadata", json(none).get("error").asText());

        e.setHttpMethod("POST");
        var written = handler.handleRequest(e, null);
        assertEquals(200, written.getStatusCode(), written.getBody());

        e.setHttpMethod("GET");
        var read = handler.handleRequest(e, null);
        assertEquals(200, read.getStatusCode(), read.getBody());
        assertEquals(json(written).get("writtenAt"), json(read).get("writtenAt"));
    }
}
