package io.cfgvault.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.cfgvault.Services;
import io.cfgvault.handlers.api.Api;
import io.cfgvault.handlers.api.ApiException;
import io.cfgvault.handlers.api.ApiRequest;
import io.cfgvault.handlers.api.ApiResponse;
import io.cfgvault.handlers.api.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway REST proxy event -> {@link Api} -> proxy response. Works for per-route resources
 * ({@code /devices/{name}}) as the CDK stack declares them and for a greedy {@code /{proxy+}} resource, as the
 * local bridge sends. The caller is the Cognito user whose token API Gateway's authorizer checked
 * ({@code requestContext.authorizer.claims}), else the IAM principal ({@code requestContext.identity.userArn}),
 * else {@code identity.caller} (the local bridge's OS user), else nobody; see {@link Caller} for what each may do.
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final Api api;

    public ApiHandler() {
        this(LambdaServices.services());
    }

    public ApiHandler(Services services) {
        this(Api.create(services));
    }

    public ApiHandler(Api api) {
        this.api = api;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        var context0 = event.getRequestContext();
        String requestId = context0 != null && context0.getRequestId() != null ? context0.getRequestId()
                : context != null ? context.getAwsRequestId() : "";
        ApiRequest request = new ApiRequest(event.getHttpMethod(), path(event), query(event), headers(event), new byte[0],
                caller(event), requestId);
        ApiResponse response;
        try {
            byte[] body = body(event);
            response = api.handle(new ApiRequest(request.method(), request.path(), request.query(), request.headers(),
                    body, request.caller(), request.requestId()));
        } catch (ApiException refused) {
            response = api.reject(request, refused);
        }
        return toEvent(response, requestId);
    }

    /** The path as routed: the greedy {@code {proxy+}} value, or the resource template with its parameters filled in. */
    static String path(APIGatewayProxyRequestEvent event) {
        String resource = event.getResource();
        Map<String, String> params = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        if (resource != null && resource.startsWith("/")) {
            String filled = resource;
            for (var e : params.entrySet()) {
                if (e.getValue() != null) {
                    filled = filled.replace("{" + e.getKey() + "+}", e.getValue()).replace("{" + e.getKey() + "}", e.getValue());
                }
            }
            if (!filled.contains("{")) {
                // API Gateway routes /console/ to the resource /console; keep the slash the browser sent, since the
                // console's relative links depend on it (and a redirect to console/ would loop).
                String sent = event.getPath();
                return sent != null && sent.endsWith("/") && !filled.endsWith("/") ? filled + "/" : filled;
            }
        }
        return event.getPath() == null ? "/" : event.getPath();
    }

    private static Map<String, List<String>> query(APIGatewayProxyRequestEvent event) {
        var out = new LinkedHashMap<String, List<String>>();
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
        } else if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((k, v) -> out.put(k, v == null ? List.of() : List.of(v)));
        }
        return out;
    }

    private static Map<String, String> headers(APIGatewayProxyRequestEvent event) {
        var out = new HashMap<String, String>();
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    out.put(k, String.join(",", v));
                }
            });
        }
        if (event.getHeaders() != null) {
            out.putAll(event.getHeaders());
        }
        return out;
    }

    static Caller caller(APIGatewayProxyRequestEvent event) {
        var ctx = event.getRequestContext();
        if (ctx != null && ctx.getAuthorizer() != null && ctx.getAuthorizer().get("claims") instanceof Map<?, ?> claims) {
            var named = new HashMap<String, Object>();
            claims.forEach((k, v) -> named.put(String.valueOf(k), v));
            var cognito = Caller.cognito(named);
            if (cognito.isPresent()) {
                return cognito.get();
            }
        }
        var identity = ctx == null ? null : ctx.getIdentity();
        if (identity != null && identity.getUserArn() != null && !identity.getUserArn().isBlank()) {
            return Caller.iam(identity.getUserArn());
        }
        if (identity != null && identity.getCaller() != null && !identity.getCaller().isBlank()) {
            // The local bridge names the OS user here; an IAM caller always also has a userArn.
            return identity.getCaller().startsWith("local:") ? Caller.local(identity.getCaller()) : Caller.iam(identity.getCaller());
        }
        return Caller.anonymous();
    }

    private static byte[] body(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            if ((long) body.length() * 3 / 4 > Api.MAX_BODY_BYTES + 3) {
                throw tooLarge((long) body.length() * 3 / 4);
            }
            try {
                bytes = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed_body", "the body is marked base64-encoded but is not valid base64: "
                        + e.getMessage());
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > Api.MAX_BODY_BYTES) {
            throw tooLarge(bytes.length);
        }
        return bytes;
    }

    private static ApiException tooLarge(long size) {
        return new ApiException(413, "body_too_large", "the body is about " + size + " bytes; the API takes at most "
                + Api.MAX_BODY_BYTES + " bytes (6 MB). Split the document and PUT the parts with mode=merge",
                Map.of(), Map.of());
    }

    /**
     * On every response, so that API JSON opened in a browser tab is inert: not sniffed as HTML, not framed, not
     * cached, no referrer, and a policy that runs nothing. A route (the console's static files) overrides any of
     * them by setting the same header.
     */
    static final Map<String, String> SECURITY_HEADERS = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Strict-Transport-Security", "max-age=31536000")));

    private static APIGatewayProxyResponseEvent toEvent(ApiResponse response, String requestId) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", response.contentType());
        headers.putAll(SECURITY_HEADERS);
        if (!requestId.isEmpty()) {
            headers.put("X-Request-Id", requestId);
        }
        headers.putAll(response.headers());
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(new String(response.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }
}
