package io.cfgvault.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** The task window (GET /schedules) as the table {@code cfgvault schedules} prints. */
public final class SchedulesTable {
    private SchedulesTable() {
    }

    public static void print(JsonNode window, PrintStream out) {
        out.printf("deployment time zone %s, now %s%n", window.path("timeZone").asText(), window.path("now").asText());
        out.printf("%-24s %-30s %-18s %-9s %s%n", "SCHEDULE", "EXPRESSION", "ZONE", "STATE", "NEXT FIRES (UTC | local)");
        for (JsonNode s : window.path("schedules")) {
            var next = s.path("nextFires");
            out.printf("%-24s %-30s %-18s %-9s %s%n", s.path("id").asText(), s.path("expression").asText(),
                    s.path("timeZone").asText(), s.path("state").asText(),
                    next.isEmpty() ? "-" : next.get(0).path("utc").asText() + " | " + next.get(0).path("local").asText());
            for (int i = 1; i < next.size(); i++) {
                out.printf("%-84s %s | %s%n", "", next.get(i).path("utc").asText(), next.get(i).path("local").asText());
            }
            if (s.path("lastJobs").isEmpty()) {
                out.printf("  last jobs: none yet%n");
            }
            for (JsonNode j : s.path("lastJobs")) {
                JsonNode c = j.path("counts");
                out.printf("  job %-48s %-22s %d devices, %d ok, %d failed, %d changed  %s -> %s%n", j.path("jobId").asText(),
                        j.path("status").asText(), c.path("total").asInt(), c.path("succeeded").asInt(), c.path("failed").asInt(),
                        c.path("changed").asInt(), j.path("startedAt").asText(), j.path("finishedAt").asText("-"));
            }
        }
    }
}
