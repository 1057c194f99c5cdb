package io.cfgvault.local.api;

import static io.cfgvault.local.api.ApiFixtures.event;
import static io.cfgvault.local.api.ApiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.api.Access;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.Router;
import io.cfgvault.local.SharedAws;
import io.cfgvault.local.serve.ApiBridge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, decided from the identity API Gateway puts in the event: Cognito users by group (claims as
 * the Cognito authorizer sends them, every value a string), IAM callers and the local serve user as operators,
 * nobody without an identity. Every request goes through ApiHandler, as in Lambda.
 */
class ConsoleAccessTest {
    static Services isolated;
    static Services services;
    static ApiHandler handler;

    @BeforeAll
    static void start() {
        isolated = SharedAws.isolated("consoleaccess");
        // A queue nobody drains: an accepted backup stays a visible job, and nothing touches a device.
        String queue = isolated.sqsClient().createQueue(b -> b.queueName("console-access-test")).queueUrl();
        services = new Services(isolated.settings().withQueueUrl(queue));
        services.inventory().upsert(List.of(ApiFixtures.device("core-sw-01", "C9300", "campus")));
        handler = new ApiHandler(services);
    }

    @AfterAll
    static void stop() {
        services.close();
        isolated.close();
    }

    @Test
    void meNamesTheCognitoUserTheirGroupsAndThatAViewerMayNotOperate() {
        var response = handler.handleRequest(event("get-me-cognito-viewer.json"), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        var me = json(response);
        assertEquals("alice", me.get("user").asText());
        assertEquals("[\"viewers\"]", me.get("groups").toString());
        assertFalse(me.get("operator").asBoolean(), response.getBody());
        assertTrue(me.get("viewer").asBoolean(), response.getBody());
        assertEquals("cognito", me.get("signIn").asText());
    }

    @Test
    void meForAnIamCallerIsAnOperatorNamedByItsArn() {
        var e = event("get-me.json");
        var me = json(handler.handleRequest(e, null));
        assertEquals(e.getRequestContext().getIdentity().getUserArn(), me.get("user").asText());
        assertTrue(me.get("user").asText().startsWith("arn:aws:sts::123456789012:assumed-role/"), me.toString());
        assertTrue(me.get("operator").asBoolean(), me.toString());
        assertEquals("iam", me.get("signIn").asText());
    }

    @Test
    void viewerIsRefusedABackupNamingTheActionAndGroupAndTheRefusalIsAuditedUnderTheirName() {
        long jobs = services.jobStore().list(100).size();
        var response = handler.handleRequest(event("post-backups-cognito-viewer.json"), null);
        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals("forbidden", json(response).get("error").asText());
        String message = json(response).get("message").asText();
        assertTrue(message.startsWith("POST /backups needs the 'operators' group; alice is in 'viewers'"), message);
        assertEquals(jobs, services.jobStore().list(100).size(), "a refused backup starts no job");
        var audit = services.auditLog().list(Optional.empty(), Optional.of("alice"), 10);
        assertTrue(audit.stream().anyMatch(a -> "POST /backups".equals(a.get("action")) && "rejected".equals(a.get("result"))),
                audit.toString());
    }

    @Test
    void operatorStartsABackupAndTheAuditLogRecordsTheirUserName() {
        var response = handler.handleRequest(event("post-backups-cognito-operator.json"), null);
        assertEquals(202, response.getStatusCode(), response.getBody());
        var audit = services.auditLog().list(Optional.empty(), Optional.of("bob"), 10);
        assertTrue(audit.stream().anyMatch(a -> "POST /backups".equals(a.get("action")) && "ok".equals(a.get("result"))),
                audit.toString());
        String jobId = json(response).get("jobId").asText();
        var job = services.jobStore().list(100).stream().filter(j -> jobId.equals(j.id())).findFirst();
        assertTrue(job.isPresent(), "the job exists");
        assertEquals("bob", job.get().actor(), "the job names who started it");
    }

    @Test
    void groupsAreReadInEachStringFormTheGatewaySends() {
        for (String groups : List.of("operators", "viewers,operators", "[viewers operators]")) {
            var e = event("get-me-cognito-viewer.json");
            claims(e).put("cognito:groups", groups);
            var me = json(handler.handleRequest(e, null));
            assertTrue(me.get("operator").asBoolean(), groups + " -> " + me);
        }
        var e = event("get-me-cognito-viewer.json");
        claims(e).put("cognito:groups", "[viewers operators-readonly]");
        assertFalse(json(handler.handleRequest(e, null)).get("operator").asBoolean(), "only the exact group name counts");
    }

    @Test
    void userInNoGroupMayAskWhoTheyAreButReadNothing() {
        var me = handler.handleRequest(event("get-me-cognito-no-group.json"), null);
        assertEquals(200, me.getStatusCode(), me.getBody());
        assertEquals("carol", json(me).get("user").asText());
        assertFalse(json(me).get("viewer").asBoolean());

        var read = event("get-me-cognito-no-group.json");
        read.setResource("/devices");
        read.setPath("/devices");
        var refused = handler.handleRequest(read, null);
        assertEquals(403, refused.getStatusCode(), refused.getBody());
        assertTrue(json(refused).get("message").asText().contains("needs the 'viewers' or 'operators' group; carol is in no group"),
                refused.getBody());
    }

    @Test
    void requestWithoutAnyIdentityIsUnauthenticated() {
        var e = event("get-me.json");
        e.getRequestContext().setIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("203.0.113.9"));
        e.setResource("/devices");
        e.setPath("/devices");
        var response = handler.handleRequest(e, null);
        assertEquals(401, response.getStatusCode(), response.getBody());
        assertEquals("unauthenticated", json(response).get("error").asText());
    }

    /** Each route that changes something, called by a viewer with a plausible body: refused, before it runs. */
    @Test
    void everyRouteThatChangesSomethingRefusesViewersAndEveryReadAdmitsThem() {
        var routes = Api.create(services).router().routes();
        var refusedOperate = new ArrayList<String>();
        var admittedRead = new ArrayList<String>();
        for (Router.Route route : routes) {
            assertEquals(Access.of(route.method()) == Access.OPERATE, route.access() == Access.OPERATE,
                    route.action() + ": every route that is not a GET needs operators, and only those");
            var e = event("post-backups-cognito-viewer.json");
            e.setHttpMethod(route.method());
            e.setResource(route.template());
            var params = new LinkedHashMap<String, String>();
            String path = route.template();
            for (String segment : route.template().split("/")) {
                if (segment.startsWith("{")) {
                    String name = segment.substring(1, segment.length() - 1);
                    params.put(name, "core-sw-01");
                    path = path.replace(segment, "core-sw-01");
                }
            }
            e.setPath(path);
            e.setPathParameters(params.isEmpty() ? null : params);
            if (route.method().equals("GET")) {
                e.setBody(null);
            }
            var response = handler.handleRequest(e, null);
            boolean forbidden = response.getStatusCode() == 403 && "forbidden".equals(json(response).get("error").asText());
            if (route.access() == Access.OPERATE && forbidden) {
                refusedOperate.add(route.action());
            }
            if (route.access() != Access.OPERATE && !forbidden) {
                admittedRead.add(route.action());
            }
        }
        var operate = routes.stream().filter(r -> r.access() == Access.OPERATE).map(Router.Route::action).toList();
        var reads = routes.stream().filter(r -> r.access() != Access.OPERATE).map(Router.Route::action).toList();
        assertEquals(operate, refusedOperate);
        assertEquals(reads, admittedRead);
        assertTrue(operate.containsAll(List.of("POST /backups", "POST /devices/{name}/restore", "PUT /scheduler",
                "PUT /configuration", "POST /inventory/import", "POST /exports", "POST /scheduler/restore")), operate.toString());
        assertEquals(0, services.jobStore().list(100).stream().filter(j -> "alice".equals(j.actor())).count(),
                "no job was started by the viewer");
    }

    @Test
    void apiResponsesCarryHeadersThatKeepJsonInertInABrowser() {
        var response = handler.handleRequest(event("get-me-cognito-viewer.json"), null);
        var h = response.getHeaders();
        assertEquals("nosniff", h.get("X-Content-Type-Options"));
        assertEquals("no-store", h.get("Cache-Control"));
        assertEquals("DENY", h.get("X-Frame-Options"));
        assertEquals("no-referrer", h.get("Referrer-Policy"));
        assertTrue(h.get("Content-Security-Policy").startsWith("default-src 'none'"), h.toString());
        var refused = handler.handleRequest(event("post-backups-cognito-viewer.json"), null);
        assertEquals("nosniff", refused.getHeaders().get("X-Content-Type-Options"), "errors too");
    }

    @Test
    void serveAnswersMeWithTheOsUserAsAnOperator() throws Exception {
        try (var bridge = ApiBridge.start(handler, 0, "local:tester", null)) {
            var client = HttpClient.newHttpClient();
            var response = client.send(HttpRequest.newBuilder(URI.create(bridge.uri() + "/me")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"user\":\"local:tester\",\"groups\":[],\"operator\":true,\"viewer\":true,\"signIn\":\"local\"}",
                    response.body());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(APIGatewayProxyRequestEvent e) {
        return (Map<String, Object>) e.getRequestContext().getAuthorizer().get("claims");
    }
}
