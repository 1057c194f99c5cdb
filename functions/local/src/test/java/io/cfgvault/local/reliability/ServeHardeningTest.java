package io.cfgvault.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfgvault.Services;
import io.cfgvault.handlers.ApiHandler;
import io.cfgvault.local.EmbeddedAws;
import io.cfgvault.local.SharedAws;
import io.cfgvault.local.serve.ApiBridge;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local server under hostile clients, over real sockets on 127.0.0.1: half-sent requests, a 12 MB body sent
 * in full before reading, refusals of every kind, and symbolic links planted in the data directory.
 */
class ServeHardeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Services services;
    static ApiBridge bridge;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        services = SharedAws.isolated("servehardening");
        bridge = ApiBridge.start(new ApiHandler(services), 0, "local:tester", null);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        services.close();
    }

    // The timeout only guards CI against a hang; without the fix this test never finishes.
    @Test
    @Timeout(300)
    void halfSentRequestsDoNotStallOtherClients() throws Exception {
        var stalled = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 24; i++) {
                var s = new Socket("127.0.0.1", bridge.port());
                OutputStream out = s.getOutputStream();
                if (i % 2 == 0) {
                    out.write(("PUT /configuration HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                            + "Content-Length: 100000\r\n\r\ntable: configuration\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("GET /devices HTTP/1.1\r\nHost: x\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                stalled.add(s);
            }
            for (int i = 0; i < 3; i++) {
                var response = http.send(HttpRequest.newBuilder(URI.create(bridge.uri() + "/devices")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(300)
    void a12MbBodySentInFullBeforeReadingGetsTheJson413() throws Exception {
        byte[] body = new byte[12 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        try (var s = new Socket("127.0.0.1", bridge.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /configuration HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body); // a client that reads nothing until it has sent everything
            out.flush();
            String response = readAll(s.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413"), response.lines().findFirst().orElse(""));
            String json = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertEquals("body_too_large", JSON.readTree(json).get("error").asText());
        }
        var viaClient = http.send(HttpRequest.newBuilder(URI.create(bridge.uri() + "/configuration"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, viaClient.statusCode());
    }

    @Test
    void refusalsAreTheApisJson() throws Exception {
        record Case(String method, String path, String contentType, String body, int status, String error) {}
        var cases = List.of(
                new Case("GET", "/nope", null, null, 404, "no_such_route"),
                new Case("DELETE", "/configuration", null, null, 405, "method_not_allowed"),
                new Case("PUT", "/configuration", "text/plain", "x", 415, "unsupported_media_type"),
                new Case("PUT", "/configuration", "application/yaml", "items: [", 400, "invalid_document"),
                new Case("GET", "/devices/" + "d".repeat(5000), null, null, 400, "invalid_device_name"),
                new Case("POST", "/backups", "application/json", "{", 400, "malformed_json"));
        for (Case c : cases) {
            var b = HttpRequest.newBuilder(URI.create(bridge.uri() + c.path()));
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            var response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, c + " -> " + response.statusCode());
            if (c.status() != 404 || c.error() != null) {
                assertEquals(c.status(), response.statusCode(), c + ": " + response.body());
            }
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), c.toString());
            var json = JSON.readTree(response.body());
            assertTrue(json.hasNonNull("error") && json.hasNonNull("message"), c + ": " + response.body());
            if (c.error() != null) {
                assertEquals(c.error(), json.get("error").asText(), c.toString());
            }
        }
    }

    @Test
    void aSymlinkInTheDataDirectoryServesNothingFromOutsideIt() throws Exception {
        EmbeddedAws aws = SharedAws.get();
        Path outside = Files.createTempDirectory("cfgvault-outside-");
        Path secret = Files.writeString(outside.resolve("secret.yaml"), "device: evil\nconfig: the secret\n");
        String key = services.layout().latestDevice("evil");
        Path object = aws.dataDir().resolve("s3").resolve(services.settings().bucket()).resolve(key);
        Files.createDirectories(object.getParent());
        Files.createSymbolicLink(object, secret);

        assertTrue(services.store().open(key).isEmpty(), "an object that is a symlink reads as absent");
        var response = http.send(HttpRequest.newBuilder(URI.create(bridge.uri() + "/devices/evil/backups/latest")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(response.body().contains("the secret"), response.body());
    }

    @Test
    void aWriteThroughASymlinkedDirectoryIsRefusedAndLandsNowhere() throws Exception {
        EmbeddedAws aws = SharedAws.get();
        Path outside = Files.createTempDirectory("cfgvault-outside-");
        Path bucket = aws.dataDir().resolve("s3").resolve(services.settings().bucket());
        Files.createDirectories(bucket);
        Files.createSymbolicLink(bucket.resolve("failed"), outside);

        var e = assertThrows(S3Exception.class, () -> services.store().put("failed/devices/r1/20261201T000000.000Z.yaml",
                "output".getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of()));
        assertEquals(403, e.statusCode());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (var files = Files.walk(outside)) {
            assertEquals(1, files.count(), "nothing was written outside the data directory");
        }
    }

    private static String readAll(InputStream in) throws Exception {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
