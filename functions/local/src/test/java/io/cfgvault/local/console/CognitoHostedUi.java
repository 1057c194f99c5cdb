package io.cfgvault.local.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cognito's hosted UI endpoints as the console uses them ({@code /oauth2/authorize} with PKCE, {@code /oauth2/token},
 * {@code /logout}), with their real parameters and answers, on 127.0.0.1: Cognito cannot run here. The user has
 * already typed their password: authorize answers with the redirect carrying the code. The token endpoint checks
 * the client, the code, the redirect URI and that the verifier hashes to the challenge, as Cognito does.
 */
final class CognitoHostedUi implements AutoCloseable {
    final String clientId;
    final String idToken;
    final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> logoutRequests = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private final HttpServer server;

    private CognitoHostedUi(String clientId, String user) throws IOException {
        this.clientId = clientId;
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(("{\"cognito:username\":\"" + user + "\",\"cognito:groups\":[\"operators\"],\"token_use\":\"id\",\"aud\":\""
                + clientId + "\"}").getBytes(StandardCharsets.UTF_8));
        this.idToken = header + "." + payload + "." + b64(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/oauth2/authorize", this::authorize);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/logout", this::logout);
        server.start();
    }

    static CognitoHostedUi start(String clientId, String user) throws IOException {
        return new CognitoHostedUi(clientId, user);
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        authorizeRequests.add(q);
        if (!"code".equals(q.get("response_type")) || !clientId.equals(q.get("client_id"))
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
            send(x, 400, "text/plain", "invalid_request");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, q);
        x.getResponseHeaders().set("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
        send(x, 302, "text/plain", "");
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(f);
        // The token endpoint answers cross-origin calls from the app's pages.
        x.getResponseHeaders().set("Access-Control-Allow-Origin", String.valueOf(x.getRequestHeaders().getFirst("Origin")));
        Map<String, String> asked = codes.remove(String.valueOf(f.get("code")));
        if (!"POST".equals(x.getRequestMethod()) || !"authorization_code".equals(f.get("grant_type")) || asked == null
                || !clientId.equals(f.get("client_id")) || !asked.get("redirect_uri").equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null || !challenge(f.get("code_verifier")).equals(asked.get("code_challenge"))) {
            send(x, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        send(x, 200, "application/json", "{\"id_token\":\"" + idToken + "\",\"access_token\":\"access-" + UUID.randomUUID()
                + "\",\"refresh_token\":\"refresh-" + UUID.randomUUID() + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private void logout(HttpExchange x) throws IOException {
        logoutRequests.add(form(x.getRequestURI().getRawQuery()));
        send(x, 200, "text/plain", "signed out");
    }

    static String challenge(String verifier) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(String raw) {
        var out = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        try (x) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                x.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
