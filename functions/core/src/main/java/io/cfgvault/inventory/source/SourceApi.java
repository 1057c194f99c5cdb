package io.cfgvault.inventory.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * JSON over HTTP to a NetBox or Nautobot: the token header, timeouts, and failures turned into one line that says
 * what answered what (never the token). Every request goes to the configured origin only.
 */
public final class SourceApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param label {@code NetBox} or {@code Nautobot}, for messages
     * @param base  the instance's base URL ({@code https://netbox.example.com})
     */
    public SourceApi(String label, URI base, String token, Duration timeout) {
        if (base.getScheme() == null || !base.getScheme().matches("(?i)https?") || base.getHost() == null) {
            throw new InventorySourceException(label + " URL '" + base + "' is not an http(s) URL with a host");
        }
        if (token == null || token.isBlank()) {
            throw new InventorySourceException(label + " API token is empty");
        }
        this.label = label;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token.trim();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI base() {
        return base;
    }

    public String label() {
        return label;
    }

    /**
     * The path and query of {@code link} on the configured origin. NetBox behind a proxy often builds {@code next}
     * links with its internal host or plain http; following them literally would fail or send the token elsewhere.
     */
    public URI onBase(String link) {
        URI u = URI.create(link);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (!basePath.isEmpty() && path.startsWith(basePath)) {
            path = path.substring(basePath.length());
        }
        return URI.create(base + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }

    public JsonNode get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), uri);
    }

    public JsonNode patch(URI uri, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)), uri);
    }

    private JsonNode send(HttpRequest.Builder builder, URI uri) {
        HttpRequest request = builder.timeout(timeout).header("Accept", "application/json")
                .header("Authorization", authorization()).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new InventorySourceException(label + " at " + base + " did not answer within " + timeout.toSeconds()
                    + " s (" + request.method() + " " + uri.getRawPath() + ")");
        } catch (ConnectException e) {
            throw new InventorySourceException(label + " at " + base + " is unreachable: connection refused or no route");
        } catch (IOException e) {
            throw new InventorySourceException(label + " at " + base + " is unreachable: " + oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InventorySourceException(label + " request was interrupted");
        }
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (status == 401 || status == 403) {
            throw new InventorySourceException(label + " at " + base + " refused the API token (HTTP " + status + detail(text)
                    + "); check the token and its permissions");
        }
        if (status < 200 || status > 299) {
            throw new InventorySourceException(label + " at " + base + " answered HTTP " + status + " to " + request.method() + " "
                    + uri.getRawPath() + detail(text));
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new InventorySourceException(label + " at " + base + " did not return JSON for " + uri.getRawPath()
                    + "; is " + base + " the base URL of the " + label + " instance?");
        }
    }

    /** NetBox 4.5+ v2 tokens ({@code nbt_...}) are Bearer tokens; older NetBox and Nautobot use {@code Token}. */
    private String authorization() {
        return (token.toLowerCase(Locale.ROOT).startsWith("nbt_") ? "Bearer " : "Token ") + token;
    }

    /** {@code : Invalid token} from NetBox's {@code {"detail": "..."}} bodies, short and on one line. */
    private static String detail(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("detail")) {
                String d = n.get("detail").asText().lines().findFirst().orElse("");
                return ": " + (d.length() > 200 ? d.substring(0, 200) + "..." : d);
            }
        } catch (IOException e) {
            // not JSON: say nothing more than the status
        }
        return "";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        http.close();
    }
}
