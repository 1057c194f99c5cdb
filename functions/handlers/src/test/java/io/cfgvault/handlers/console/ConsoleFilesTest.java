package io.cfgvault.handlers.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.handlers.api.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's files as the API function serves them: types, caching, CSP, and no way out of the console folder. */
class ConsoleFilesTest {
    final List<String> audited = new ArrayList<>();
    final Api api = new Api(new Router(), (actor, action, target, result, details) -> audited.add(action),
            ConsoleFiles.fromClasspath(Map.of()));

    static ApiRequest get(String path, Map<String, String> headers) {
        return new ApiRequest("GET", path, Map.of(), headers, null, "local:test", "r1");
    }

    @Test
    void pagesAreServedWithTheirContentTypeAndAPolicyThatAllowsOnlyThisOrigin() {
        ApiResponse index = api.handle(get("/console/", Map.of()));
        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(index.bodyText().contains("<script type=\"module\" src=\"app.js\">"), index.bodyText());
        String csp = index.headers().get("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertTrue(csp.contains("script-src 'self';") && csp.contains("style-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("http"), "no inline code, no other origin: " + csp);
        assertEquals("nosniff", index.headers().get("X-Content-Type-Options"));

        assertEquals("text/javascript; charset=utf-8", api.handle(get("/console/app.js", Map.of())).contentType());
        assertEquals("text/css; charset=utf-8", api.handle(get("/console/style.css", Map.of())).contentType());
        assertEquals("text/javascript; charset=utf-8", api.handle(get("/console/pages/device.js", Map.of())).contentType());
        assertEquals("image/svg+xml", api.handle(get("/console/favicon.svg", Map.of())).contentType());
    }

    @Test
    void theBarePathRedirectsRelativelySoItWorksBehindTheStagePrefix() {
        ApiResponse r = api.handle(get("/console", Map.of()));
        assertEquals(302, r.status());
        assertEquals("console/", r.headers().get("Location"));
    }

    @Test
    void anUnchangedFileCostsA304() {
        ApiResponse first = api.handle(get("/console/app.js", Map.of()));
        String etag = first.headers().get("ETag");
        assertTrue(etag != null && etag.startsWith("\""), String.valueOf(etag));
        ApiResponse again = api.handle(get("/console/app.js", Map.of("If-None-Match", etag)));
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(200, api.handle(get("/console/app.js", Map.of("If-None-Match", "\"other\""))).status());
    }

    @Test
    void pathsOutsideTheConsoleFolderOrUnknownFilesAre404InPlainText() {
        for (String path : List.of("/console/../io/cfgvault/handlers/api/Api.class", "/console/%2e%2e/x.js", "/console/nope.js",
                "/console/.hidden.js", "/console/pages/../app.js", "/console/app.js/", "/console/README.md", "/console/index.html.bak")) {
            ApiResponse r = api.handle(get(path, Map.of()));
            assertEquals(404, r.status(), path);
            assertTrue(r.contentType().startsWith("text/plain"), path);
        }
    }

    @Test
    void otherMethodsAreRefusedAndAuditedLikeAnyOtherWrite() {
        ApiResponse r = api.handle(new ApiRequest("POST", "/console/app.js", Map.of(), Map.of(), null, "local:test", "r2"));
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.headers().get("Allow"));
        assertEquals(List.of("POST /console/app.js"), audited);
    }

    @Test
    void theConfigTellsThePageHowToSignIn() {
        assertEquals("{\"auth\":\"none\"}", api.handle(get("/console/config.json", Map.of())).bodyText());
        var cognito = new Api(new Router(), (a, b, c, d, e) -> { }, ConsoleFiles.fromClasspath(Map.of(
                ConsoleFiles.COGNITO_DOMAIN, "cfgvault-prod.auth.eu-west-1.amazoncognito.com", ConsoleFiles.COGNITO_CLIENT_ID, "abc123")));
        ApiResponse r = cognito.handle(get("/console/config.json", Map.of()));
        assertEquals("{\"auth\":\"cognito\",\"domain\":\"https://cfgvault-prod.auth.eu-west-1.amazoncognito.com\","
                + "\"clientId\":\"abc123\",\"scopes\":\"openid email profile\"}", r.bodyText());
        String csp = r.headers().get("Content-Security-Policy");
        assertTrue(csp.contains("connect-src 'self' https://cfgvault-prod.auth.eu-west-1.amazoncognito.com;"), csp);
    }

    /** Data reaches the page only as text: no page may use innerHTML, outerHTML, insertAdjacentHTML or document.write. */
    @Test
    void noPageScriptParsesStringsAsHtml() throws Exception {
        Path root = Path.of("src/main/resources/console");
        Pattern html = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function");
        Pattern inlineStyleOrScript = Pattern.compile("<script>|<script [^>]*>[^<]|style=\"|\\son[a-z]+=\"");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertFalse(html.matcher(text).find(), f + " parses a string as HTML");
                if (f.toString().endsWith(".html")) {
                    assertFalse(inlineStyleOrScript.matcher(text).find(), f + " has inline script or style, which the CSP blocks");
                }
            }
        }
    }
    /** Through the Lambda handler, as API Gateway calls it: the console's own policy and caching win over the API's defaults. */
    @Test
    void theLambdaHandlerPassesTheConsolesHeadersThrough() {
        var handler = new io.cfgvault.handlers.ApiHandler(api);
        var event = new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent()
                .withHttpMethod("GET").withResource("/console/{proxy+}").withPath("/console/app.js")
                .withPathParameters(Map.of("proxy", "app.js"))
                .withRequestContext(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("r3").withStage("v1"));
        var response = handler.handleRequest(event, null);
        assertEquals(200, response.getStatusCode());
        assertEquals("text/javascript; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("no-cache", response.getHeaders().get("Cache-Control"));
        assertTrue(response.getHeaders().get("Content-Security-Policy").startsWith("default-src 'self';"));
        assertTrue(response.getBody().contains("import"), response.getBody());
    }
    /** API Gateway matches /v1/console/ to the resource /console: the page must come back, not another redirect. */
    @Test
    void theTrailingSlashSurvivesTheGatewaysResourceMatching() {
        var handler = new io.cfgvault.handlers.ApiHandler(api);
        var ctx = new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("r4").withStage("v1");
        var slash = handler.handleRequest(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent()
                .withHttpMethod("GET").withResource("/console").withPath("/console/").withRequestContext(ctx), null);
        assertEquals(200, slash.getStatusCode());
        assertEquals("text/html; charset=utf-8", slash.getHeaders().get("Content-Type"));
        var bare = handler.handleRequest(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent()
                .withHttpMethod("GET").withResource("/console").withPath("/console").withRequestContext(ctx), null);
        assertEquals(302, bare.getStatusCode());
        assertEquals("console/", bare.getHeaders().get("Location"));
    }
}
