package io.cfgvault.local.lab;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** Talks to a running {@code cfgvault lab} through the port and token in its directory's {@code control} file. */
public final class LabClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LabClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static LabClient of(Path labDir) throws IOException {
        Path f = labDir.resolve("control");
        var p = new Properties();
        try (var in = Files.newBufferedReader(f)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no lab is running in " + labDir.toAbsolutePath().normalize()
                    + " (no control file); start one with `scripts/cfgvault lab` in another terminal, or pass --dir");
        }
        return new LabClient(URI.create("http://127.0.0.1:" + p.getProperty("port") + "/"), p.getProperty("token"));
    }

    /** Sends one action; returns the lab's answer or throws with it. */
    public String call(String method, String action, Map<String, String> params) throws IOException, InterruptedException {
        var q = new LinkedHashMap<>(params);
        q.values().removeIf(v -> v == null);
        String query = q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(base.resolve(action + (query.isEmpty() ? "" : "?" + query)))
                .header("X-Lab-Token", token).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException("the lab at " + base + " does not answer; is `scripts/cfgvault lab` still running?");
        }
        if (r.statusCode() != 200) {
            throw new IllegalArgumentException(r.body().strip());
        }
        return r.body().strip();
    }
}
