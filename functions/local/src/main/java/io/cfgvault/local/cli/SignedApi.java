package io.cfgvault.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Calls a deployed cfgvault API with requests signed (SigV4, service execute-api) with the caller's AWS credentials. */
final class SignedApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GATEWAY_HOST = Pattern.compile("^[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com$");
    /** Headers java.net.http sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final String base;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SignedApi(String base, String region, AwsCredentialsProvider credentials) {
        this.base = base.replaceAll("/+$", "");
        this.region = region;
        this.credentials = credentials;
    }

    /** The region of an API Gateway URL, else AWS_REGION. */
    static String region(String url, Map<String, String> env) {
        Matcher m = GATEWAY_HOST.matcher(URI.create(url).getHost().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            return m.group(1);
        }
        String r = env.get("AWS_REGION");
        if (r == null || r.isBlank()) {
            throw new IllegalArgumentException("--via-api " + url + ": cannot tell the region from the URL; set AWS_REGION");
        }
        return r;
    }

    record Answer(int status, JsonNode body) {}

    /** The signed request as it would be sent: method, URI and headers including Authorization. */
    SdkHttpRequest sign(String method, String path, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(base + path))
                .putHeader("Content-Type", "application/json").build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials()).request(request)
                .payload(ContentStreamProvider.fromByteArray(body == null ? new byte[0] : body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
    }

    Answer call(String method, String path, byte[] body) throws IOException, InterruptedException {
        SdkHttpRequest signed = sign(method, path, body);
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode().put("message", response.body());
        }
        return new Answer(response.statusCode(), json);
    }
}
