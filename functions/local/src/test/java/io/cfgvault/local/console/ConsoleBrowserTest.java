package io.cfgvault.local.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.inventory.Device;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import io.cfgvault.local.serve.ApiBridge;
import io.cfgvault.local.sim.Fault;
import io.cfgvault.local.sim.SimConfigs;
import io.cfgvault.local.sim.SimDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in headless Chromium against the stack {@code cfgvault serve} runs: the same ApiHandler behind the
 * local API bridge, ElasticMQ and the device worker, simulated SSH devices. An operator starts a backup and
 * watches it, opens a device, compares two versions, dry-runs and applies a restore, sets a bad and a good
 * schedule; data holding HTML stays text. The tests run in order because each builds on the backups before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String XSS_MODEL = "<script>window.__xss=2</script>";
    static final String XSS_GROUP = "<img src=x onerror=\"window.__xss=3\">";
    static final String XSS_LINE = " description <script>window.__xss=1</script>";

    static QueuedServices env;
    static QueuePoller poller;
    static ApiBridge bridge;
    /** The same API as a Cognito viewer reaches it: API Gateway's authorizer puts the ID token's claims into the event. */
    static ApiBridge viewerBridge;
    /** The console API as API Gateway's Cognito authorizer guards it: no valid ID token, 401; with one, its claims. */
    static ApiBridge cognitoBridge;
    static CognitoHostedUi cognito;
    static final java.util.concurrent.atomic.AtomicInteger BEARER_CALLS = new java.util.concurrent.atomic.AtomicInteger();
    static Browser browser;
    static String console;

    @BeforeAll
    static void start() throws Exception {
        env = QueuedServices.start("console", 2, 3_000, Map.of("edge-bad", Fault.WRONG_PASSWORD), 60);
        var services = env.services();
        String xssConfig = SimConfigs.generate("cisco_ios", "xss-01", 3_000, 7)
                .replace("\nend", "\ninterface Loopback9\n" + XSS_LINE + "\nend");
        env.farm().add(new SimDevice("xss-01", "cisco_ios", QueuedServices.USER, QueuedServices.PASSWORD, xssConfig, Fault.NONE));
        var devices = new ArrayList<Device>();
        devices.add(new Device("xss-01", env.farm().host(), env.farm().port("xss-01"), "cisco_ios", XSS_MODEL, XSS_GROUP,
                "lab", true, Optional.empty(), Map.of("wallLimit", "20s", "idleTimeout", "5s", "connectTimeout", "5s")));
        // Enough disabled devices that the list needs three pages of 100.
        for (int i = 0; i < 250; i++) {
            devices.add(new Device(String.format("zz-bulk-%03d", i), "192.0.2." + (i % 250 + 1), 22, "arista_eos", "7050X3",
                    "bulk", "lab", false, Optional.empty(), Map.of()));
        }
        services.inventory().upsert(devices);
        poller = new QueuePoller(services.sqsClient(), env.queueUrl(), new DeviceBackupWorker(services.deviceWorker()), 10, 60, 2).start();
        bridge = ApiBridge.start(new ApiHandler(services), 0, "local:console-test", null);
        console = bridge.uri() + "/console/";
        var api = new ApiHandler(services);
        viewerBridge = ApiBridge.start((event, context) -> {
            event.getRequestContext().setAuthorizer(Map.of("claims", Map.of("cognito:username", "vera", "cognito:groups", "viewers")));
            return api.handleRequest(event, context);
        }, 0, "local:console-test", null);
        cognito = CognitoHostedUi.start("console-client", "olga");
        var signedIn = new ApiHandler(io.cfgvault.handlers.api.Api.create(services).withConsole(
                io.cfgvault.handlers.console.ConsoleFiles.fromClasspath(Map.of(
                        io.cfgvault.handlers.console.ConsoleFiles.COGNITO_DOMAIN, cognito.uri(),
                        io.cfgvault.handlers.console.ConsoleFiles.COGNITO_CLIENT_ID, cognito.clientId))));
        cognitoBridge = ApiBridge.start((event, context) -> {
            if (!event.getPath().startsWith("/console")) {
                String auth = event.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Authorization"))
                        .map(Map.Entry::getValue).findFirst().orElse("");
                if (!auth.equals("Bearer " + cognito.idToken)) {
                    return new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent().withStatusCode(401)
                            .withHeaders(Map.of("Content-Type", "application/json")).withBody("{\"message\":\"Unauthorized\"}");
                }
                BEARER_CALLS.incrementAndGet();
                event.getRequestContext().setAuthorizer(Map.of("claims", Map.of("cognito:username", "olga", "cognito:groups", "operators")));
            }
            return signedIn.handleRequest(event, context);
        }, 0, "local:console-test", null);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, cognitoBridge, cognito, viewerBridge, bridge, poller, env}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** A script error or a blocked inline script/style shows up in the browser console as SEVERE. */
    @AfterEach
    void noScriptErrorsOrPolicyViolations() {
        for (String line : browser.severeLogs()) {
            boolean apiRefusal = line.contains("the server responded with a status of 4");
            assertTrue(apiRefusal, "browser console: " + line);
        }
    }

    @Test
    @Order(1)
    void anOperatorStartsABackupOnTheDashboardAndWatchesItFinishWithoutReloading() throws Exception {
        browser.open(console);
        browser.waitForText("h1", "Dashboard");
        browser.js("window.__samePage = 'yes'");
        browser.find("#start-backup").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("#/jobs/") ? true : null, "the job page");
        browser.waitForText("#job-status", "completed_with_errors");
        WebElement progress = browser.find("#job-progress");
        assertEquals("4", progress.getDomProperty("max"));
        assertEquals("4", progress.getDomProperty("value"));
        assertTrue(browser.find("#job-progress-text").getText().contains("4 of 4 devices"));
        assertTrue(browser.find("#job").getText().contains("auth_failed"), "the failing device shows its status");
        assertEquals("yes", browser.js("return window.__samePage"), "the job page updated in place, without a reload");
        String devices = browser.find("#job").getText();
        assertTrue(devices.contains("dev-000") && devices.contains("dev-001") && devices.contains("xss-01"), devices);
        browser.screenshot("job");
    }

    @Test
    @Order(2)
    void aSecondBackupOfOneDeviceIsStartedFromTheJobsPageWithItsSelection() throws Exception {
        Thread.sleep(1_100); // archive versions are stamped to the second
        env.farm().setConfig("dev-000", env.farm().config("dev-000").replace("hostname dev-000", "hostname dev-000-renamed"));
        browser.open(console + "#/jobs");
        browser.find("input[name=devices]").sendKeys("dev-000");
        browser.find("#backup-tables").click();
        browser.find("#start-backup").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("#/jobs/") ? true : null, "the job page");
        browser.waitForText("#job-status", "completed");
        assertTrue(browser.find("#job-progress-text").getText().contains("1 of 1 devices"));
        browser.open(console + "#/jobs");
        browser.waitForText("table", "1/1 done");
        browser.screenshot("jobs");
    }

    @Test
    @Order(3)
    void theDevicePageShowsTheConfigWithLineNumbersAndASideBySideDiffOfTwoVersions() throws Exception {
        browser.open(console + "#/devices/dev-000");
        browser.waitForText("#versions", "Share link");
        assertEquals(2, browser.all("#versions tbody tr").size(), "two stored versions");
        WebElement firstLine = browser.find("#config-view tbody tr");
        assertEquals("1", firstLine.findElement(By.cssSelector("td.ln")).getText());
        assertTrue(browser.find("#config-view").getText().contains("hostname dev-000-renamed"));

        browser.find("#show-diff").click();
        browser.find("#diff-table");
        List<String> removed = browser.all("#diff-table td.del").stream().map(WebElement::getText).toList();
        List<String> added = browser.all("#diff-table td.add").stream().map(WebElement::getText).toList();
        assertTrue(removed.contains("hostname dev-000"), removed.toString());
        assertTrue(added.contains("hostname dev-000-renamed"), added.toString());
        assertTrue(browser.find("#diff-summary").getText().startsWith("1 line added, 1 removed"), browser.find("#diff-summary").getText());
        browser.js("document.getElementById('diff').scrollIntoView()");
        browser.screenshot("device-diff");
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("device");

        browser.find("#versions tbody tr button:nth-of-type(3)").click();
        String url = browser.find("#share-url").getDomProperty("value");
        assertTrue(url.startsWith("http://127.0.0.1:") && url.contains("X-Amz-Signature="), url);
    }

    @Test
    @Order(4)
    void aDryRunRestoreShowsTheDiffAndTheRestoreRunsOnlyAfterTheDeviceNameIsTyped() throws Exception {
        env.farm().setConfig("dev-000", env.farm().config("dev-000").replace("\nend", "\nusername rogue privilege 15 secret 5 $1$abc\nend"));
        browser.open(console + "#/devices/dev-000");
        browser.find("#restore-link").click();
        browser.find("#dry-run").click();
        browser.waitForText("#restore-outcome", "dry_run");
        assertTrue(browser.find("#restore-diff").getText().contains("username rogue"), browser.find("#restore-diff").getText());
        assertTrue(env.farm().config("dev-000").contains("username rogue"), "a dry run changes nothing");
        browser.js("document.getElementById('restore-result').scrollIntoView()");
        browser.screenshot("restore-dry-run");

        WebElement apply = browser.find("#apply-restore");
        assertFalse(apply.isEnabled());
        browser.find("#confirm-name").sendKeys("dev-00");
        assertFalse(apply.isEnabled(), "a name that is not the device's does not arm the button");
        browser.find("#confirm-name").sendKeys("0");
        assertTrue(apply.isEnabled());
        apply.click();
        browser.waitForText("#apply-out #restore-outcome", "restored");
        assertFalse(env.farm().config("dev-000").contains("username rogue"), "the restore removed the line");
        browser.screenshot("restore");
    }

    @Test
    @Order(5)
    void aBadScheduleShowsTheApisMessageAndAGoodOneIsSavedAndListed() throws Exception {
        String bad = "cron(61 * * * ? *)";
        String apiMessage = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bridge.uri() + "/configuration?mode=merge"))
                .header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString("table: configuration\nitems:\n- key: {S: backup.cron}\n  value: {S: '" + bad + "'}\n"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).get("message").asText();

        browser.open(console + "#/schedules");
        WebElement cron = browser.find("#backup-cron");
        cron.clear();
        cron.sendKeys(bad);
        browser.find("#save-cron").click();
        WebElement error = browser.find("#backup-cron-result .error");
        assertTrue(error.getText().contains(apiMessage), error.getText() + " / " + apiMessage);

        cron.clear();
        cron.sendKeys("cron(15 3 * * ? *)");
        browser.find("#save-cron").click();
        browser.waitForText("#backup-cron-result", "Saved backup.cron.");
        browser.waitForText("[data-schedule] .schedule-expression", "cron(15 3 * * ? *)");

        browser.find("#entry-id").sendKeys("nightly-core");
        browser.find("#entry-cron").sendKeys("localcron(30 2 * * ? *)");
        browser.find("#entry-timezone").sendKeys("Mars/Olympus");
        browser.find("#entry-group").sendKeys("lab");
        browser.find("#save-entry").click();
        String tzError = browser.find("#entry-result .error").getText();
        assertTrue(tzError.contains("nightly-core") && tzError.contains("timezone"), tzError);
        WebElement tz = browser.find("#entry-timezone");
        tz.clear();
        tz.sendKeys("Europe/Zurich");
        browser.find("#save-entry").click();
        browser.waitForText("#entry-result", "Saved entry nightly-core.");
        WebElement entry = browser.waitForText("[data-schedule=nightly-core]", "Europe/Zurich");
        assertEquals(5, entry.findElements(By.cssSelector(".next-fires li")).size(), entry.getText());
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("schedules");
    }

    @Test
    @Order(6)
    void htmlInDeviceModelGroupAndConfigIsShownAsTextAndNeverRuns() throws Exception {
        browser.open(console + "#/devices");
        WebElement search = browser.find("#device-search");
        search.sendKeys("xss", Keys.ENTER);
        WebElement results = browser.waitForText("#device-results", "xss-01");
        assertTrue(results.getText().contains(XSS_MODEL), results.getText());
        assertTrue(results.getText().contains(XSS_GROUP), results.getText());

        browser.open(console + "#/devices/xss-01");
        assertEquals(XSS_MODEL, browser.find("#device-model").getText());
        assertEquals(XSS_GROUP, browser.find("#device-group").getText());
        browser.waitForText("#config-view", XSS_LINE.trim());
        assertEquals(null, browser.js("return window.__xss === undefined ? null : window.__xss"), "no injected script ran");
        assertEquals(1L, browser.js("return document.scripts.length"), "the console's own module is the only script");
        assertEquals(0L, browser.js("return document.querySelectorAll('main img').length"), "no injected element");
    }

    @Test
    @Order(7)
    void devicesAreSearchedFilteredAndPagedOnTheServer() throws Exception {
        browser.open(console + "#/devices");
        browser.find("#device-search").sendKeys("zz-bulk");
        browser.find("#device-filter").click();
        browser.waitForText("#device-results", "Page 1: 100 devices, more on the next page.");
        browser.find("#device-results .pager button:nth-of-type(2)").click();
        browser.waitForText("#device-results", "Page 2: 100 devices");
        assertTrue(browser.find("#device-results").getText().contains("zz-bulk-100"));
        browser.find("#device-results .pager button:nth-of-type(2)").click();
        browser.waitForText("#device-results", "Page 3: 50 devices.");
        assertTrue(browser.find("#device-results").getText().contains("zz-bulk-249"));

        browser.find("#device-search").clear();
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-status")).selectByValue("ok");
        browser.find("#device-filter").click();
        browser.waitForText("#device-results", "Page 1: 3 devices.");
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/devices?status=ok"), "the filter is in the address: "
                + browser.driver.getCurrentUrl());
        browser.screenshot("devices");
    }

    @Test
    @Order(8)
    void theMainPagesWorkWithTheKeyboardAndFitAPhoneScreen() throws Exception {
        browser.open(console);
        browser.waitForText("#main", "Last jobs");
        browser.waitForText("#main", "Changes in the last 24 hours");
        browser.waitForText("#main", "dev-000");
        browser.waitForText("#main", "completed");
        browser.waitForText("#main", "auth_failed");
        browser.screenshot("dashboard");

        browser.find("body").sendKeys(Keys.TAB);
        assertEquals("Skip to content", browser.driver.switchTo().activeElement().getText());
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement jobsLink = browser.driver.switchTo().activeElement();
        assertEquals("Jobs", jobsLink.getText());
        assertNotEquals("none", jobsLink.getCssValue("outline-style"), "keyboard focus is visible");
        jobsLink.sendKeys(Keys.ENTER);
        browser.waitForText("h1", "Jobs");

        browser.open(console + "#/audit");
        browser.find("#audit-actor").sendKeys("local:console-test");
        browser.find("#audit-action").sendKeys("POST /backups");
        browser.find("#audit-filter").click();
        browser.waitForText("#audit-results", "job/");
        browser.screenshot("audit");

        browser.open(console + "#/tables");
        browser.find("#view-configuration").click();
        browser.waitForText("pre.doc", "cron(15 3 * * ? *)");

        browser.size(390, 844);
        try {
            for (String page : List.of("", "#/jobs", "#/devices", "#/devices/dev-000", "#/schedules", "#/audit")) {
                browser.open(console + page);
                browser.find("main h1");
                browser.waitFor(d -> browser.all("main .muted").stream().noneMatch(e -> e.getText().equals("Loading…")) ? true : null,
                        "loaded " + page);
                long overflow = (Long) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
                assertTrue(overflow <= 0, page + " is " + overflow + " px wider than a 390 px phone screen");
            }
            browser.open(console);
            browser.waitForText("#main", "dev-000");
            browser.waitForText("#main", "completed");
            browser.screenshot("dashboard-phone");
        } finally {
            browser.size(1280, 800);
        }
    }
    @Test
    @Order(9)
    void aViewerSeesEverythingButNoWayToBackUpRestoreOrEditSchedules() throws Exception {
        String viewer = viewerBridge.uri() + "/console/";
        browser.open(viewer);
        browser.waitForText("#me", "vera");
        assertTrue(browser.find("#me").getText().contains("viewer"), browser.find("#me").getText());
        browser.waitForText("#main", "Starting backups is for operators.");
        assertTrue(browser.all("#start-backup").isEmpty());
        browser.waitForText("#main", "dev-000");

        browser.open(viewer + "#/devices/dev-000");
        browser.waitForText("#versions", "Share link");
        assertTrue(browser.all("#restore-link").isEmpty(), "no restore for viewers");
        browser.open(viewer + "#/devices/dev-000/restore");
        browser.waitForText("#restore-denied", "Restoring a device is for operators. You are signed in as vera");
        assertTrue(browser.all("#dry-run").isEmpty());
        browser.open(viewer + "#/schedules");
        browser.waitForText("#main", "Editing schedules is for operators.");
        assertTrue(browser.all("#backup-cron").isEmpty());

        // The page only hides; the API refuses, and its message is what a viewer would see.
        String refusal = (String) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/backups', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})
                  .then(r => r.json()).then(j => done(j.error + ': ' + j.message));""");
        assertTrue(refusal.startsWith("forbidden: POST /backups needs the 'operators' group"), refusal);
        browser.screenshot("viewer-restore");
    }
    @Test
    @Order(10)
    void withCognitoTheConsoleSignsInWithPkceKeepsTheTokenInTheTabAndSendsItAsBearer() throws Exception {
        String page = cognitoBridge.uri() + "/console/";
        browser.open(page + "#/devices");
        browser.waitForText("#me", "olga");
        assertTrue(browser.find("#me").getText().contains("operator"), browser.find("#me").getText());
        browser.waitForText("#device-results", "Page 1: 100 devices");
        assertEquals(page + "#/devices", browser.driver.getCurrentUrl(), "back where the user started, the code gone from the address");

        assertEquals(1, cognito.authorizeRequests.size());
        Map<String, String> asked = cognito.authorizeRequests.get(0);
        assertEquals(page, asked.get("redirect_uri"));
        assertEquals("openid email profile", asked.get("scope"));
        assertEquals(1, cognito.tokenRequests.size());
        assertEquals(asked.get("code_challenge"), CognitoHostedUi.challenge(cognito.tokenRequests.get(0).get("code_verifier")),
                "the verifier the page kept matches the challenge it sent");
        assertTrue(BEARER_CALLS.get() >= 2, "GET /me and GET /devices carried the ID token");
        assertEquals(0L, browser.js("return localStorage.length"), "nothing in localStorage");
        assertEquals(null, browser.js("return document.cookie || null"), "no cookies of ours");
        String kept = (String) browser.js("return sessionStorage.getItem('cfgvault.tokens')");
        assertTrue(kept.contains(cognito.idToken) && !kept.contains("refresh"), "only the ID token, in the tab's sessionStorage: " + kept);
        assertEquals(null, browser.js("return sessionStorage.getItem('cfgvault.pkce')"), "the PKCE verifier is gone after use");

        browser.find("#me button").click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(cognito.uri() + "/logout") ? true : null, "Cognito's sign-out");
        assertEquals(Map.of("client_id", cognito.clientId, "logout_uri", page), cognito.logoutRequests.get(0));
        browser.open(page);
        browser.waitForText("#me", "olga");
        assertEquals(2, cognito.authorizeRequests.size(), "signed out means signing in again");
    }
}
