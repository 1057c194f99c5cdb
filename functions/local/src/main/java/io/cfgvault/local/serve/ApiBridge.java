package io.cfgvault.local.serve;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The local stand-in for API Gateway: an HTTP server on 127.0.0.1 that turns each request into the REST proxy
 * event API Gateway would send for a greedy {@code /{proxy+}} resource (stage {@code local}, the caller as the
 * identity) and writes the handler's proxy response back. The same ApiHandler runs here and in Lambda.
 */
public final class ApiBridge implements AutoCloseable {
    public static final String STAGE = "local";
    /** Bodies are read up to one byte past the API's limit, so the handler itself answers 413. */
    static final int MAX_READ = 6 * 1024 * 1024 + 1;
    /**
     * An oversized body is read and dropped up to this size before the 413 goes out, so that a client that sends
     * its whole body before reading (curl, most libraries) receives the 413 instead of a connection reset.
     */
    static final long MAX_DRAIN = 64L * 1024 * 1024;
    /** Requests handled at once; reading requests is not limited, so slow senders cannot starve the others. */
    static final int HANDLERS = 8;
    /**
     * Seconds a client gets to send the request line, headers and whole body. The JDK server closes connections
     * that take longer, so half-sent requests cannot pile up. A JVM-wide setting read once; the caller's own
     * {@code -Dsun.net.httpserver.maxReqTime} wins.
     */
    static final String REQUEST_SECONDS = "30";

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        }
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", "60");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;

    private ApiBridge(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @param caller the identity every request carries, e.g. {@code local:alice}
     * @param log    one line per request, or null for none
     */
    public static ApiBridge start(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                                  int port, String caller, PrintStream log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // A virtual thread per connection: a client that stops half-way through its request parks one cheap
        // thread until the request timeout, instead of holding one of a few platform threads that everyone needs.
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-", 1).factory());
        var handlers = new Semaphore(HANDLERS);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            long started = System.nanoTime();
            int status = 500;
            try (exchange) {
                APIGatewayProxyRequestEvent event;
                try {
                    event = event(exchange, caller);
                } catch (IOException e) {
                    return; // the client went away or timed out mid-request: nobody to answer
                }
                APIGatewayProxyResponseEvent response;
                try {
                    handlers.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    response = handler.handleRequest(event, null);
                } catch (RuntimeException | StackOverflowError e) {
                    // The handler maps its own failures; this is the Lambda runtime's "function error" case.
                    System.err.println("cfgvault serve: handler failed on " + event.getHttpMethod() + " " + event.getPath() + ": " + e);
                    response = new APIGatewayProxyResponseEvent().withStatusCode(502)
                            .withHeaders(Map.of("Content-Type", "application/json"))
                            .withBody("{\"error\":\"handler_failed\",\"message\":\"the API handler failed (request id "
                                    + event.getRequestContext().getRequestId() + "); see the serve command's output\"}");
                } finally {
                    handlers.release();
                }
                status = write(exchange, response);
            } finally {
                if (log != null) {
                    log.printf("%s %s -> %d (%d ms)%n", exchange.getRequestMethod(), exchange.getRequestURI(), status,
                            (System.nanoTime() - started) / 1_000_000);
                }
            }
        });
        server.start();
        return new ApiBridge(server, pool);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The proxy event for one request, shaped as API Gateway sends it for the resource {@code /{proxy+}}. */
    static APIGatewayProxyRequestEvent event(HttpExchange exchange, String caller) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String proxy = path.length() > 1 ? path.substring(1) : null;

        var headers = new LinkedHashMap<String, String>();
        var multiHeaders = new LinkedHashMap<String, List<String>>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            multiHeaders.put(name, List.copyOf(values));
            if (!values.isEmpty()) {
                headers.put(name, values.getLast());
            }
        });

        var query = new LinkedHashMap<String, String>();
        var multiQuery = new LinkedHashMap<String, List<String>>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                multiQuery.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                query.put(k, v);
            }
        }

        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_READ);
            if (body.length == MAX_READ) {
                drain(in);
            }
        }

        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withCaller(caller)
                .withUser(caller)
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.getOrDefault("User-agent", ""));
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId("000000000000")
                .withApiId(STAGE)
                .withStage(STAGE)
                .withRequestId(UUID.randomUUID().toString())
                .withHttpMethod(exchange.getRequestMethod())
                .withResourcePath(proxy == null ? "/" : "/{proxy+}")
                .withPath("/" + STAGE + path)
                .withProtocol(exchange.getProtocol())
                .withRequestTimeEpoch(System.currentTimeMillis())
                .withIdentity(identity);

        var event = new APIGatewayProxyRequestEvent()
                .withResource(proxy == null ? "/" : "/{proxy+}")
                .withPath(path)
                .withHttpMethod(exchange.getRequestMethod())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : Map.copyOf(multiQuery))
                .withPathParameters(proxy == null ? null : Map.of("proxy", proxy))
                .withRequestContext(context);
        if (body.length > 0) {
            if (utf8(body)) {
                event.withBody(new String(body, StandardCharsets.UTF_8)).withIsBase64Encoded(false);
            } else {
                event.withBody(Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true);
            }
        } else {
            event.withIsBase64Encoded(false);
        }
        return event;
    }

    /** Reads and drops the rest of an oversized body (up to {@link #MAX_DRAIN}) so the client gets to read the 413. */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long left = MAX_DRAIN;
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= n;
        }
    }

    private static int write(HttpExchange exchange, APIGatewayProxyResponseEvent response) throws IOException {
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        var out = exchange.getResponseHeaders();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(out::set);
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : Boolean.TRUE.equals(response.getIsBase64Encoded()) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(bytes);
            }
        }
        return status;
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is passed on as typed, as API Gateway does
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
