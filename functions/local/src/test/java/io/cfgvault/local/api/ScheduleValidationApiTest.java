package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.device;
import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.SharedAws;
import io.cfgvault.schedules.ScheduleExpression;
import io.cfgvault.tables.AppTable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Schedules are checked when they are written: a bad one is refused with 400 naming entry and field, and nothing is written. */
class ScheduleValidationApiTest {
    /** Forty ways to get a schedule wrong; each must be refused by the parser and by both write paths. */
    static final List<String> MALFORMED = List.of(
            "", "   ", "hourly", "0 * * * ? *", "cron 0 * * * ? *", "CRON(0 * * * ? *)", "cron(0 * * * ? *",
            "cron()", "cron(0 * * * *)", "cron(0 * * * ? * *)", "cron(60 * * * ? *)", "cron(0 24 * * ? *)",
            "cron(0 0 32 * ? *)", "cron(0 0 0 * ? *)", "cron(0 0 * 13 ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 * * * *)",
            "cron(0 0 1 * MON *)", "cron(0 0 ? * ? *)", "cron(0 0 * * ? 1969)", "cron(0 0 * * ? 2200)",
            "cron(a b c d e f)", "cron(0 0 * XYZ ? *)", "cron(0 0 ? * FUNDAY *)", "cron(0 0 * * ? *) daily",
            "localcron(0 * * *)", "localcron(0 25 * * ? *)", "localcron(30 2 * * MON-FRI *)", "localcron()",
            "rate(0 minutes)", "rate(1 minutes)", "rate(5 minute)", "rate(-5 minutes)", "rate(5)", "rate(five minutes)",
            "rate(5 weeks)", "rate(1.5 hours)", "rate(400 days)", "at(2026-12-01T10:00:00)", "off");

    static Services services;
    static ApiHandler handler;

    @BeforeAll
    static void start() {
        services = SharedAws.isolated("schedvalid");
        handler = new ApiHandler(services);
        services.inventory().upsert(List.of(device("core-sw-01", "C9300", "campus"), device("edge-rtr-01", "MX204", "wan")));
        put("/configuration", """
                table: configuration
                items:
                - key: {S: backup.cron}
                  value: {S: 'cron(0 * * * ? *)'}
                """);
        put("/scheduler", """
                table: scheduler
                items:
                - id: {S: nightly}
                  cron: {S: 'localcron(30 2 * * ? *)'}
                  selector: {M: {group: {S: campus}}}
                """);
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    static APIGatewayProxyResponseEvent put(String path, String body) {
        APIGatewayProxyRequestEvent put = event("put-configuration.json");
        put.setResource(path);
        put.setPath(path);
        put.setBody(body);
        return handler.handleRequest(put, null);
    }

    static Map<String, Map<String, AttributeValue>> table(AppTable table) {
        var out = new TreeMap<String, Map<String, AttributeValue>>();
        services.dynamo().scanPaginator(b -> b.tableName(services.tableNames().physical(table)).consistentRead(true)).items()
                .forEach(item -> out.put(item.get(table.hashKey()).s(), item));
        return out;
    }

    static String quoted(String expression) {
        return "'" + expression.replace("'", "''") + "'";
    }

    @Test
    void fortyMalformedExpressionsAreRefusedByTheParser() {
        assertEquals(40, MALFORMED.size());
        assertEquals(40, MALFORMED.stream().distinct().count());
        for (String bad : MALFORMED) {
            assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse(bad), bad);
        }
    }

    @Test
    void fortyMalformedBackupCronValuesAreRefusedAndNothingIsWritten() {
        var before = table(AppTable.CONFIGURATION);
        for (String bad : MALFORMED) {
            var response = put("/configuration", """
                    table: configuration
                    items:
                    - key: {S: ssh.timeout}
                      value: {S: PT45S}
                    - key: {S: backup.cron}
                      value: {S: %s}
                    """.formatted(quoted(bad)));
            assertEquals(400, response.getStatusCode(), bad + " -> " + response.getBody());
            var body = json(response);
            assertEquals("items[1].value", body.get("field").asText(), response.getBody());
            assertTrue(body.get("message").asText().contains("configuration key 'backup.cron', field 'value'"), response.getBody());
            assertEquals(before, table(AppTable.CONFIGURATION), "nothing written for " + bad);
        }
    }

    @Test
    void fortyMalformedEntryExpressionsAreRefusedNamingTheEntryAndNothingIsWritten() {
        var before = table(AppTable.SCHEDULER);
        for (String bad : MALFORMED) {
            var response = put("/scheduler", """
                    table: scheduler
                    items:
                    - id: {S: fine}
                      cron: {S: 'rate(1 hour)'}
                    - id: {S: hourly-wan}
                      cron: {S: %s}
                    """.formatted(quoted(bad)));
            assertEquals(400, response.getStatusCode(), bad + " -> " + response.getBody());
            var body = json(response);
            assertEquals("items[1].cron", body.get("field").asText(), response.getBody());
            assertTrue(body.get("message").asText().contains("scheduler entry 'hourly-wan', field 'cron'"), response.getBody());
            assertEquals(before, table(AppTable.SCHEDULER), "nothing written for " + bad);
        }
    }

    @Test
    void unknownTimeZonesAreRefusedInTheKeyAndInEntries() {
        var key = put("/configuration", "table: configuration\nitems:\n- key: {S: backup.timezone}\n  value: {S: Europe/Pariss}\n");
        assertEquals(400, key.getStatusCode(), key.getBody());
        assertTrue(json(key).get("message").asText().contains("'Europe/Pariss' is not a time zone"), key.getBody());
        var entry = put("/scheduler", "table: scheduler\nitems:\n- id: {S: paris}\n  cron: {S: 'localcron(0 2 * * ? *)'}\n"
                + "  timezone: {S: Mars/Olympus}\n");
        assertEquals(400, entry.getStatusCode(), entry.getBody());
        assertEquals("items[0].timezone", json(entry).get("field").asText());
        assertTrue(json(entry).get("message").asText().contains("scheduler entry 'paris', field 'timezone'"), entry.getBody());
        var zone = table(AppTable.CONFIGURATION).get("backup.timezone");
        assertTrue(zone == null || !zone.get("value").s().equals("Europe/Pariss"), "the bad zone was not written");
        assertTrue(!table(AppTable.SCHEDULER).containsKey("paris"));
    }

    @Test
    void selectorsThatNameNothingAreRefused() {
        var before = table(AppTable.SCHEDULER);
        Map<String, String> cases = Map.of(
                "selector: {M: {}}", "items[0].selector",
                "selector: {M: {groups: {S: campus}}}", "items[0].selector.groups",
                "selector: {M: {devices: {L: [{S: core-sw-01}, {S: ghost-01}]}}}", "items[0].selector.devices",
                "selector: {M: {group: {S: datacenter}}}", "items[0].selector",
                "selector: {M: {model: {S: C9300}, group: {S: wan}}}", "items[0].selector");
        cases.forEach((selector, field) -> {
            var response = put("/scheduler", "table: scheduler\nitems:\n- id: {S: picky}\n  cron: {S: 'rate(1 hour)'}\n  " + selector + "\n");
            assertEquals(400, response.getStatusCode(), selector + " -> " + response.getBody());
            assertEquals(field, json(response).get("field").asText(), response.getBody());
            assertTrue(json(response).get("message").asText().contains("scheduler entry 'picky'"), response.getBody());
        });
        assertEquals(before, table(AppTable.SCHEDULER));
    }

    @Test
    void goodSchedulesInEveryFormAreWritten() {
        var response = put("/scheduler", """
                table: scheduler
                items:
                - {id: {S: utc}, cron: {S: 'cron(0 3 ? * SUN *)'}, selector: {M: {devices: {SS: [edge-rtr-01]}}}}
                - {id: {S: local}, cron: {S: 'localcron(30 2 * * ? *)'}, timezone: {S: America/New_York}}
                - {id: {S: every-15}, cron: {S: 'rate(15 minutes)'}, selector: {M: {model: {S: C9300}}}}
                - {id: {S: parked}, cron: {S: disabled}}
                - {id: {S: later}, cron: {S: 'rate(1 day)'}, enabled: {BOOL: false}, selector: {M: {group: {S: not-yet}}}}
                """);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(table(AppTable.SCHEDULER).keySet().containsAll(List.of("utc", "local", "every-15", "parked", "later")));
        var cron = put("/configuration", "table: configuration\nitems:\n- key: {S: backup.cron}\n  value: {S: 'localcron(0 1 * * ? *)'}\n"
                + "- key: {S: backup.timezone}\n  value: {S: Europe/Paris}\n");
        assertEquals(200, cron.getStatusCode(), cron.getBody());
        put("/configuration", "table: configuration\nitems:\n- key: {S: backup.cron}\n  value: {S: 'cron(0 * * * ? *)'}\n");
    }
}
