package io.cfgvault.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.schedules.TaskWindow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cfgvault schedules}: the task window (what GET /schedules returns) as a table. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "Show every schedule (backup.cron and scheduler entries): expression, zone, state, next five fires and last three jobs.")
final class SchedulesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    Target target;

    @Option(names = "--url", description = "Read the window from a running 'cfgvault serve' (e.g. http://127.0.0.1:8080) instead of opening the data dir.")
    URI url;

    @Override
    public Integer call() throws Exception {
        JsonNode window;
        if (url != null) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/schedules")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            window = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                System.err.println("cfgvault: GET " + url.resolve("/schedules") + " answered " + response.statusCode() + ": "
                        + window.path("message").asText(response.body()));
                return 1;
            }
        } else {
            try (Target.Session session = target.open()) {
                var services = session.services();
                window = JSON.valueToTree(new TaskWindow(services.schedules(), () -> services.jobStore().list(500),
                        () -> services.layout().partition().deployment()).at(Instant.now()));
            }
        }
        SchedulesTable.print(window, System.out);
        return 0;
    }
}
