package io.cfgvault.destinations;

import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads destinations from the configuration table's {@code destination.<name>.<field>} keys and validates them, so
 * that a bad destination is refused when it is written, naming the key, rather than failing after a job.
 */
public final class DestinationSettings {
    public static final String PREFIX = "destination.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern REFERENCE = Pattern.compile("(env|file|secret):.+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> PLACEHOLDERS = Set.of("device", "group", "model", "platform", "deployment");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> COMMON = Set.of("type", "enabled", "devices", "model", "group", "tables");
    private static final Set<String> GIT = Set.of("url", "branch", "path", "username", "credentials");
    private static final Set<String> S3 = Set.of("bucket", "region", "prefix", "roleArn");

    private DestinationSettings() {
    }

    /**
     * Every destination the configuration names, in name order.
     *
     * @throws IllegalArgumentException naming the first bad key
     */
    public static List<Destination> parse(Configuration configuration) {
        var byName = new TreeMap<String, Map<String, String>>();
        configuration.withPrefix(PREFIX).forEach((rest, value) -> {
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new IllegalArgumentException("configuration key '" + PREFIX + rest
                        + "' must be destination.<name>.<field>, e.g. destination.github.url");
            }
            byName.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), value.trim());
        });
        var out = new ArrayList<Destination>();
        byName.forEach((name, fields) -> out.add(one(name, fields)));
        return List.copyOf(out);
    }

    private static Destination one(String name, Map<String, String> f) {
        if (!NAME.matcher(name).matches()) {
            throw bad(name, "type", "destination names are letters, digits, '-' and '_' (at most 63), got '" + name + "'");
        }
        String type = f.get("type");
        if (type == null || !(type.equals("git") || type.equals("s3"))) {
            throw bad(name, "type", "must be 'git' or 's3'" + (type == null ? " (missing)" : ", got '" + type + "'"));
        }
        Set<String> allowed = type.equals("git") ? GIT : S3;
        for (String field : f.keySet()) {
            if (!COMMON.contains(field) && !allowed.contains(field)) {
                throw bad(name, field, "is not a field of a " + type + " destination; fields: "
                        + String.join(", ", new java.util.TreeSet<>(union(COMMON, allowed))));
            }
        }
        boolean enabled = bool(name, f, "enabled", true);
        boolean tables = bool(name, f, "tables", false);
        var selector = new Destination.Selector(
                f.containsKey("devices") ? Arrays.stream(f.get("devices").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of(),
                Optional.ofNullable(f.get("model")).filter(s -> !s.isEmpty()),
                Optional.ofNullable(f.get("group")).filter(s -> !s.isEmpty()));
        return type.equals("git") ? git(name, f, enabled, selector, tables) : s3(name, f, enabled, selector, tables);
    }

    private static Destination.Git git(String name, Map<String, String> f, boolean enabled, Destination.Selector selector, boolean tables) {
        String url = required(name, f, "url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw bad(name, "url", "is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!Set.of("https", "http", "ssh", "file").contains(scheme)) {
            throw bad(name, "url", "must be an https://, ssh:// or file:// Git URL, got '" + url + "'");
        }
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            // A token pasted into the URL would end up in the configuration table's exports and in the console.
            throw bad(name, "url", "must not carry a password or token; put it in a secret and name it in destination."
                    + name + ".credentials");
        }
        String branch = f.getOrDefault("branch", "main");
        if (branch.isEmpty() || branch.contains("..") || branch.startsWith("/") || branch.endsWith("/") || branch.matches(".*[\\s~^:?*\\[\\\\].*")) {
            throw bad(name, "branch", "is not a valid branch name: '" + branch + "'");
        }
        String path = f.getOrDefault("path", "{device}.cfg");
        var m = PLACEHOLDER.matcher(path);
        boolean hasDevice = false;
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw bad(name, "path", "has an unknown placeholder {" + m.group(1) + "}; known: {device}, {group}, {model}, {platform}, {deployment}");
            }
            hasDevice |= m.group(1).equals("device");
        }
        if (!hasDevice) {
            throw bad(name, "path", "must contain {device}, or every device would be written to the same file");
        }
        if (path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
            throw bad(name, "path", "must be relative to the repository and must not contain '..'");
        }
        Optional<String> credentials = reference(name, f);
        if (scheme.startsWith("http") && credentials.isEmpty() && uri.getHost() != null && !uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw bad(name, "credentials", "is required for an https remote (env:VAR, file:PATH or secret:NAME holding the token)");
        }
        return new Destination.Git(name, enabled, selector, tables, url, branch, path, f.getOrDefault("username", "cfgvault"), credentials);
    }

    private static Destination.S3 s3(String name, Map<String, String> f, boolean enabled, Destination.Selector selector, boolean tables) {
        String bucket = required(name, f, "bucket");
        if (!BUCKET.matcher(bucket).matches()) {
            throw bad(name, "bucket", "is not a valid S3 bucket name: '" + bucket + "'");
        }
        String prefix = f.getOrDefault("prefix", "");
        if (prefix.startsWith("/") || Arrays.asList(prefix.split("/")).contains("..")) {
            throw bad(name, "prefix", "must not start with '/' or contain '..'");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Optional<String> role = Optional.ofNullable(f.get("roleArn")).filter(s -> !s.isEmpty());
        if (role.isPresent() && !role.get().matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
            throw bad(name, "roleArn", "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + role.get() + "'");
        }
        Optional<String> region = Optional.ofNullable(f.get("region")).filter(s -> !s.isEmpty());
        if (region.isPresent() && !region.get().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw bad(name, "region", "is not an AWS region name, got '" + region.get() + "'");
        }
        return new Destination.S3(name, enabled, selector, tables, bucket, region, prefix, role);
    }

    private static Optional<String> reference(String name, Map<String, String> f) {
        String ref = f.get("credentials");
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        if (!REFERENCE.matcher(ref).matches()) {
            // Never repeat the value: a user may have pasted the token itself here.
            throw bad(name, "credentials", "must be a reference: env:VAR, file:PATH or secret:NAME (the value itself is not shown)");
        }
        return Optional.of(ref);
    }

    private static String required(String name, Map<String, String> f, String field) {
        String v = f.get(field);
        if (v == null || v.isEmpty()) {
            throw bad(name, field, "is required");
        }
        return v;
    }

    private static boolean bool(String name, Map<String, String> f, String field, boolean fallback) {
        String v = f.get(field);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(name, field, "must be true or false, got '" + v + "'");
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static IllegalArgumentException bad(String name, String field, String what) {
        return new IllegalArgumentException("configuration key '" + PREFIX + name + "." + field + "' " + what);
    }
}
