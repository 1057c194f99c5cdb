package io.cfgvault.local.cmdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Metadata files as the writer lays them out (two accounts, two regions, three deployments), with times
 * relative to now so that the saved queries' "last 24 hours" and "last 7 days" have fixed answers.
 */
final class CmdbFixture {
    static final String A = "111111111111";
    static final String B = "222222222222";

    private CmdbFixture() {}

    static Path write(Path bucket) throws IOException {
        Instant now = Instant.now();
        String deployments = "metadata/deployments/";
        put(bucket, deployments + part(A, "eu-west-1", "prod") + "/deployment.json", deployment(now, "completed_with_errors", 1, "3", "1", "4", 4));
        put(bucket, deployments + part(B, "us-east-1", "lab") + "/deployment.json", deployment(now, "failed", 2, "1", "0", "2", 2));
        put(bucket, deployments + part(B, "us-east-1", "old") + "/deployment.json", deployment(now, "completed", 72, "null", "null", "null", 1));

        put(bucket, "metadata/devices/" + part(A, "eu-west-1", "prod") + "/devices.json", lines(
                device("r1", "cisco_ios", "C9300", true, "ok", null, ago(now, 1), "true"),
                device("r2", "cisco_ios", "C9300", true, "timeout", "cut off: no result within the wall limit of 60 s", ago(now, 30), "null"),
                device("r3", "arista_eos", "7050X3", true, "never", null, null, "null"),
                device("r4", "juniper_junos", "MX204", false, "ok", null, ago(now, 48), "null")));
        put(bucket, "metadata/devices/" + part(B, "us-east-1", "lab") + "/devices.json", lines(
                device("s1", "cisco_ios", "C9500", true, "ok", null, ago(now, 2), "false"),
                device("s2", "arista_eos", "7050X3", true, "auth", "authentication failed for user backup", ago(now, 5), "null")));
        put(bucket, "metadata/devices/" + part(B, "us-east-1", "old") + "/devices.json", lines(
                device("t1", "cisco_ios", "C9300", true, "ok", null, ago(now, 72), "null")));

        put(bucket, change(A, "eu-west-1", "prod", now, 1, "r1"), changeLine("r1", "20260101T000000Z", 3, 1, ago(now, 1)));
        put(bucket, change(A, "eu-west-1", "prod", now, 48, "r1"), changeLine("r1", null, 0, 0, ago(now, 48)));
        put(bucket, change(A, "eu-west-1", "prod", now, 240, "r2"), changeLine("r2", "20250101T000000Z", 9, 9, ago(now, 240)));
        put(bucket, change(B, "us-east-1", "lab", now, 3, "s1"), changeLine("s1", "20260101T000000Z", 5, 0, ago(now, 3)));

        put(bucket, "metadata/jobs/" + part(A, "eu-west-1", "prod") + "/day=" + day(now, 1) + "/jobs.json", lines(
                "{\"jobId\":\"j1\",\"kind\":\"backup\",\"trigger\":\"schedule\",\"status\":\"completed_with_errors\",\"total\":4,"
                        + "\"succeeded\":2,\"failed\":2,\"changed\":1,\"unchanged\":1,\"tables\":3,\"startedAt\":\"" + ago(now, 1)
                        + "\",\"finishedAt\":\"" + ago(now, 1) + "\",\"durationSeconds\":42}"));
        return bucket;
    }

    private static String part(String account, String region, String deployment) {
        return "accountid=" + account + "/region=" + region + "/deployment=" + deployment;
    }

    private static String deployment(Instant now, String status, int hoursAgo, String configuration, String scheduler, String inventory, int devices) {
        return "{\"version\":\"0.1.0\",\"tableItems\":{\"configuration\":" + configuration + ",\"scheduler\":" + scheduler
                + ",\"inventory\":" + inventory + "},\"deviceCount\":" + devices + ",\"devicesFailing\":0,\"lastJobId\":\"j\","
                + "\"lastJobStatus\":\"" + status + "\",\"lastJobStartedAt\":\"" + ago(now, hoursAgo) + "\",\"lastJobFinishedAt\":\""
                + ago(now, hoursAgo) + "\",\"writtenAt\":\"" + ago(now, hoursAgo) + "\"}\n";
    }

    private static String device(String name, String platform, String model, boolean enabled, String status, String error,
                                 String lastSuccess, String startupDiffers) {
        return "{\"device\":\"" + name + "\",\"host\":\"10.0.0.1\",\"platform\":\"" + platform + "\",\"model\":\"" + model
                + "\",\"group\":\"lab\",\"enabled\":" + enabled + ",\"lastCheck\":null,\"lastSuccess\":" + quoted(lastSuccess)
                + ",\"lastChange\":null,\"sha256\":null,\"bytes\":100,\"status\":\"" + status + "\",\"lastError\":" + quoted(error)
                + ",\"version\":null,\"lastJobId\":\"j1\",\"startupDiffers\":" + startupDiffers + "}";
    }

    private static String change(String account, String region, String deployment, Instant now, int hoursAgo, String device) {
        Instant at = now.minus(hoursAgo, ChronoUnit.HOURS);
        return "metadata/changes/" + part(account, region, deployment) + "/day=" + LocalDate.ofInstant(at, ZoneOffset.UTC)
                + "/" + at.getEpochSecond() + "-" + device + ".json";
    }

    private static String changeLine(String device, String previous, int added, int removed, String at) {
        return "{\"device\":\"" + device + "\",\"version\":\"v" + at + "\",\"previousVersion\":" + quoted(previous)
                + ",\"linesAdded\":" + added + ",\"linesRemoved\":" + removed + ",\"changedAt\":\"" + at + "\",\"jobId\":\"j1\"}\n";
    }

    private static String ago(Instant now, int hours) {
        return now.minus(hours, ChronoUnit.HOURS).toString();
    }

    private static String day(Instant now, int hoursAgo) {
        return LocalDate.ofInstant(now.minus(hoursAgo, ChronoUnit.HOURS), ZoneOffset.UTC).toString();
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static String lines(String... lines) {
        return String.join("\n", List.of(lines)) + "\n";
    }

    private static void put(Path bucket, String key, String content) throws IOException {
        Path file = bucket.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
