package io.cfgvault.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoint overrides per AWS service, resolved like the SDKs and the AWS CLI do:
 * {@code AWS_ENDPOINT_URL_<SERVICE>} first, then {@code AWS_ENDPOINT_URL}, else the real AWS endpoint.
 */
public record Endpoints(Map<String, String> env) {

    public Endpoints {
        env = Map.copyOf(env);
    }

    /** Overrides that point every service at one endpoint each; used by the embedded environment. */
    public static Endpoints of(Map<String, URI> perService) {
        var map = new java.util.HashMap<String, String>();
        perService.forEach((service, uri) -> map.put(variableFor(service), uri.toString()));
        return new Endpoints(map);
    }

    /** The override for a service id such as {@code s3}, {@code dynamodb} or {@code sqs}, if any. */
    public Optional<URI> endpointFor(String serviceId) {
        String specific = env.get(variableFor(serviceId));
        if (specific != null && !specific.isBlank()) {
            return Optional.of(URI.create(specific.trim()));
        }
        String global = env.get("AWS_ENDPOINT_URL");
        return global == null || global.isBlank() ? Optional.empty() : Optional.of(URI.create(global.trim()));
    }

    /** True when any service is redirected away from AWS (local emulators, S3-compatible stores). */
    public boolean anyOverride() {
        return env.keySet().stream().anyMatch(k -> k.startsWith("AWS_ENDPOINT_URL") && !env.get(k).isBlank());
    }

    static String variableFor(String serviceId) {
        return "AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }
}
