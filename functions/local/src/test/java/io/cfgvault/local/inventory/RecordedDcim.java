package io.cfgvault.local.inventory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * NetBox or Nautobot as far as cfgvault talks to it, on 127.0.0.1: recorded {@code /api/dcim/devices/} pages in
 * their real JSON shapes (first page without {@code offset}, second with), served as recorded, so the {@code next}
 * links point at the instance's internal host name as a NetBox behind a proxy does. Neither can run here.
 * Records every request; can answer 401, 500 or not at all; stops when closed.
 */
final class RecordedDcim implements AutoCloseable {
    enum Mode { OK, UNAUTHORIZED, ERROR, SILENT }

    /** One request as received. */
    record Request(String method, String path, String query, String authorization, String body) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String page1;
    private volatile String page2;
    private volatile Mode mode = Mode.OK;
    private volatile int patchStatus = 200;

    RecordedDcim(String page1Resource, String page2Resource) throws IOException {
        this.page1 = resource(page1Resource);
        this.page2 = page2Resource == null ? null : resource(page2Resource);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recorded-dcim");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode m) {
        this.mode = m;
    }

    void pages(String page1Resource, String page2Resource) {
        this.page1 = resource(page1Resource);
        this.page2 = page2Resource == null ? null : resource(page2Resource);
    }

    /** Serves a JSON text as the only page. */
    void onePage(String json) {
        this.page1 = json;
        this.page2 = null;
    }

    void patchStatus(int status) {
        this.patchStatus = status;
    }

    List<Request> patches() {
        return requests.stream().filter(r -> r.method().equals("PATCH")).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = ex.getRequestURI();
        requests.add(new Request(ex.getRequestMethod(), uri.getPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), body));
        try (ex) {
            switch (mode) {
                case UNAUTHORIZED -> send(ex, 401, "{\"detail\": \"Invalid token\"}", "application/json");
                case ERROR -> send(ex, 500, "<html><body><h1>Server Error (500)</h1></body></html>", "text/html");
                case SILENT -> {
                    try {
                        closed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case OK -> {
                    if (ex.getRequestMethod().equals("PATCH")) {
                        send(ex, patchStatus, patchStatus < 300 ? "{\"id\": 1}" : "{\"custom_fields\": [\"Unknown field name 'cfgvault_last_backup'\"]}",
                                "application/json");
                    } else if (!uri.getPath().equals("/api/dcim/devices/")) {
                        send(ex, 404, "{\"detail\": \"Not found.\"}", "application/json");
                    } else {
                        String q = uri.getRawQuery() == null ? "" : uri.getRawQuery();
                        send(ex, 200, q.contains("offset=") && page2 != null ? page2 : page1, "application/json");
                    }
                }
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    static String resource(String name) {
        try (InputStream in = RecordedDcim.class.getClassLoader().getResourceAsStream("sources/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource sources/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
