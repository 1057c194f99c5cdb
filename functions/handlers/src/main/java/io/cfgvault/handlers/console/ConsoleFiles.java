package io.cfgvault.handlers.console;

import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's static files (handlers resources {@code console/}), answered for {@code GET /console/...}
 * before the API's router sees the request, so the same function serves the pages in Lambda and in
 * {@code cfgvault serve}. Every answer carries a Content-Security-Policy that allows only this origin's own
 * scripts and styles (none inline), and an ETag so unchanged files cost a 304.
 */
public final class ConsoleFiles {
    public static final String PREFIX = "/console";
    /** Environment variables that switch the console to Cognito sign-in (set by the stack on the API function). */
    public static final String COGNITO_DOMAIN = "CFGVAULT_COGNITO_DOMAIN";
    public static final String COGNITO_CLIENT_ID = "CFGVAULT_COGNITO_CLIENT_ID";

    /** File names as we ship them: no dot segments, no hidden files, nothing a path trick could turn into another resource. */
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json");

    private record File(byte[] bytes, String contentType, String etag) {}

    private final String resourceRoot;
    private final Map<String, String> env;
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    ConsoleFiles(String resourceRoot, Map<String, String> env) {
        this.resourceRoot = resourceRoot;
        this.env = Map.copyOf(env);
    }

    /** The shipped console, configured from the function's environment. */
    public static ConsoleFiles fromClasspath(Map<String, String> env) {
        return new ConsoleFiles("console/", env);
    }

    /** Whether a request is for the console rather than the API. */
    public static boolean isConsolePath(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    public ApiResponse serve(ApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return plain(405, request.method() + " is not supported on " + request.path() + "; the console's files take GET")
                    .withHeader("Allow", "GET, HEAD");
        }
        String path = request.path();
        if (path.equals(PREFIX)) {
            // Relative, so it also lands right behind API Gateway's stage prefix (/v1/console -> /v1/console/).
            return new ApiResponse(302, "text/plain; charset=utf-8", new byte[0], headers(null), null)
                    .withHeader("Location", "console/");
        }
        String name = path.substring(PREFIX.length() + 1);
        if (name.isEmpty()) {
            name = "index.html";
        }
        if (name.equals("config.json")) {
            return respond(request, new File(config(), TYPES.get("json"), null));
        }
        if (!FILE.matcher(name).matches()) {
            return plain(404, "no console file " + path);
        }
        Optional<File> file = cache.computeIfAbsent(name, this::load);
        return file.map(f -> respond(request, f)).orElseGet(() -> plain(404, "no console file " + path));
    }

    private ApiResponse respond(ApiRequest request, File file) {
        String etag = file.etag() != null ? file.etag() : etag(file.bytes());
        if (request.header("if-none-match").map(v -> v.contains(etag)).orElse(false)) {
            return new ApiResponse(304, file.contentType(), new byte[0], headers(etag), null);
        }
        return new ApiResponse(200, file.contentType(), file.bytes(), headers(etag), null);
    }

    private ApiResponse plain(int status, String message) {
        return new ApiResponse(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8), headers(null), null);
    }

    private Map<String, String> headers(String etag) {
        var h = new LinkedHashMap<String, String>();
        h.put("Content-Security-Policy", contentSecurityPolicy());
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        // Revalidate every time: a deploy changes the files under the same names, and a 304 is cheap.
        h.put("Cache-Control", "no-cache");
        if (etag != null) {
            h.put("ETag", etag);
        }
        return h;
    }

    /** Only this origin's files; the Cognito domain is added for the sign-in's token calls and redirect. */
    String contentSecurityPolicy() {
        String cognito = cognitoDomain().map(d -> " " + d).orElse("");
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'"
                + "; connect-src 'self'" + cognito + "; form-action 'self'" + cognito
                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    private Optional<String> cognitoDomain() {
        String d = env.get(COGNITO_DOMAIN);
        if (d == null || d.isBlank()) {
            return Optional.empty();
        }
        d = d.trim();
        // The stack gives https://<prefix>.auth.<region>.amazoncognito.com; a bare host name gets https.
        return Optional.of(d.startsWith("https://") || d.startsWith("http://") ? d : "https://" + d);
    }

    /** How the page signs in: nothing locally (serve runs as the OS user), Cognito's hosted UI in AWS. */
    private byte[] config() {
        Optional<String> domain = cognitoDomain();
        String client = env.getOrDefault(COGNITO_CLIENT_ID, "").trim();
        String json = domain.isPresent() && !client.isEmpty()
                ? "{\"auth\":\"cognito\",\"domain\":" + quote(domain.get()) + ",\"clientId\":" + quote(client)
                        + ",\"scopes\":\"openid email profile\"}"
                : "{\"auth\":\"none\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        var out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private Optional<File> load(String name) {
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(resourceRoot + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(bytes, TYPES.get(ext), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("console file " + name + " could not be read", e);
        }
    }

    private static String etag(byte[] bytes) {
        return "\"" + Sha256.hex(bytes).substring(0, 32) + "\"";
    }
}
