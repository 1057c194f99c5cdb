package io.cfgvault.destinations;

import io.cfgvault.settings.Configuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * Reads destinations from the configuration table's {@code destination.<name>.<field>} keys and validates them:
 * each key on its own when it is written ({@link #checkKey}), and each destination as a whole when a job delivers.
 * Errors name the key; a value that may be a secret is never repeated.
 */
public final class DestinationSettings {
    public static final String PREFIX = "destination.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern REFERENCE = Pattern.compile("(env|file|secret):.+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Set<String> PLACEHOLDERS = Set.of("device", "group", "model", "platform", "deployment");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> COMMON = Set.of("type", "enabled", "devices", "model", "group", "tables");
    private static final Set<String> GIT = Set.of("url", "branch", "path", "username", "credentials", "hostKey");
    private static final Set<String> S3 = Set.of("bucket", "region", "prefix", "roleArn");

    private DestinationSettings() {
    }

    /**
     * Checks one configuration key of a destination and its value, as it is written.
     *
     * @throws IllegalArgumentException naming the key
     */
    public static void checkKey(String key, String value) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be destination.<name>.<field>, e.g. destination.github.url");
        }
        String name = rest.substring(0, dot);
        String field = rest.substring(dot + 1);
        if (!NAME.matcher(name).matches()) {
            throw bad(name, field, "names a destination '" + name + "'; names are letters, digits, '-' and '_' (at most 63)");
        }
        if (!COMMON.contains(field) && !GIT.contains(field) && !S3.contains(field)) {
            var known = new TreeSet<String>(COMMON);
            known.addAll(GIT);
            known.addAll(S3);
            throw bad(name, field, "is not a destination field; fields: " + String.join(", ", known));
        }
        checkField(name, field, value == null ? "" : value.trim());
    }

    /**
     * Every destination the configuration names, in name order.
     *
     * @throws IllegalArgumentException naming the first bad key
     */
    public static List<Destination> parse(Configuration configuration) {
        var byName = new TreeMap<String, Map<String, String>>();
        configuration.withPrefix(PREFIX).forEach((rest, value) -> {
            checkKey(PREFIX + rest, value);
            int dot = rest.indexOf('.');
            byName.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), value.trim());
        });
        var out = new ArrayList<Destination>();
        byName.forEach((name, fields) -> out.add(one(name, fields)));
        return List.copyOf(out);
    }

    private static void checkField(String name, String field, String v) {
        switch (field) {
            case "type" -> {
                if (!v.equals("git") && !v.equals("s3")) {
                    throw bad(name, field, "must be 'git' or 's3', got '" + v + "'");
                }
            }
            case "enabled", "tables" -> bool(name, field, v, false);
            case "url" -> checkUrl(name, v);
            case "branch" -> {
                if (v.isEmpty() || v.contains("..") || v.startsWith("/") || v.endsWith("/") || v.matches(".*[\\s~^:?*\\[\\\\].*")) {
                    throw bad(name, field, "is not a valid branch name: '" + v + "'");
                }
            }
            case "path" -> checkPath(name, v);
            case "hostKey" -> {
                if (!v.isEmpty()) {
                    try {
                        GitSsh.fingerprint(v);
                    } catch (IllegalArgumentException e) {
                        throw bad(name, field, e.getMessage());
                    }
                }
            }
            case "credentials" -> {
                if (!REFERENCE.matcher(v).matches()) {
                    // Never repeat the value: a user may have pasted the token itself here.
                    throw bad(name, field, "must be a reference: env:VAR, file:PATH or secret:NAME (the value itself is not shown)");
                }
            }
            case "bucket" -> {
                if (!BUCKET.matcher(v).matches()) {
                    throw bad(name, field, "is not a valid S3 bucket name: '" + v + "'");
                }
            }
            case "prefix" -> {
                if (v.startsWith("/") || Arrays.asList(v.split("/")).contains("..")) {
                    throw bad(name, field, "must not start with '/' or contain '..'");
                }
            }
            case "roleArn" -> {
                if (!v.isEmpty() && !ROLE.matcher(v).matches()) {
                    throw bad(name, field, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + v + "'");
                }
            }
            case "region" -> {
                if (!v.isEmpty() && !REGION.matcher(v).matches()) {
                    throw bad(name, field, "is not an AWS region name, got '" + v + "'");
                }
            }
            default -> { } // username, devices, model, group: free text
        }
    }

    private static void checkUrl(String name, String url) {
        if (GitSsh.isSsh(url)) {
            checkSshUrl(name, url);
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw bad(name, "url", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!Set.of("https", "http", "file").contains(scheme)) {
            throw bad(name, "url", "must be an https://, ssh:// or git@host:path Git URL (or file://), got scheme '" + scheme + "'");
        }
        if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
            // A token pasted into the URL would end up in table exports, the console and the job's report.
            throw bad(name, "url", "must not carry a password or token; put it in a secret and name it in destination."
                    + name + ".credentials");
        }
    }

    private static void checkSshUrl(String name, String url) {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw bad(name, "url", "is not an ssh:// or git@host:path URL");
        }
        if (uri.getPass() != null) {
            throw bad(name, "url", "must not carry a password; name the private key in destination." + name + ".credentials");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getPath() == null || uri.getPath().isEmpty()) {
            throw bad(name, "url", "must name a host and a repository path, e.g. ssh://git@git.example.com/ops/configs.git or git@git.example.com:ops/configs.git");
        }
    }

    private static void checkPath(String name, String path) {
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
    }

    private static Destination one(String name, Map<String, String> f) {
        String type = required(name, f, "type");
        Set<String> allowed = type.equals("git") ? GIT : S3;
        for (String field : f.keySet()) {
            if (!COMMON.contains(field) && !allowed.contains(field)) {
                throw bad(name, field, "is not a field of a " + type + " destination");
            }
        }
        boolean enabled = bool(name, "enabled", f.getOrDefault("enabled", ""), true);
        boolean tables = bool(name, "tables", f.getOrDefault("tables", ""), false);
        var selector = new Destination.Selector(
                f.containsKey("devices") ? Arrays.stream(f.get("devices").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of(),
                Optional.ofNullable(f.get("model")).filter(s -> !s.isEmpty()),
                Optional.ofNullable(f.get("group")).filter(s -> !s.isEmpty()));
        if (type.equals("git")) {
            String url = required(name, f, "url");
            Optional<String> credentials = Optional.ofNullable(f.get("credentials")).filter(s -> !s.isEmpty());
            if (url.startsWith("https:") && credentials.isEmpty()) {
                throw bad(name, "credentials", "is required for an https remote (env:VAR, file:PATH or secret:NAME holding the token)");
            }
            boolean ssh = GitSsh.isSsh(url);
            if (ssh && credentials.isEmpty()) {
                throw bad(name, "credentials", "is required for an ssh remote (env:VAR, file:PATH or secret:NAME holding the private key)");
            }
            Optional<String> hostKey = Optional.ofNullable(f.get("hostKey")).filter(s -> !s.isEmpty());
            // An ssh remote without hostKey is kept: its first delivery fails naming the key the server offered, to pin.
            if (!ssh && hostKey.isPresent()) {
                throw bad(name, "hostKey", "applies only to an ssh remote");
            }
            return new Destination.Git(name, enabled, selector, tables, url, f.getOrDefault("branch", "main"),
                    f.getOrDefault("path", "{device}.cfg"), f.getOrDefault("username", "cfgvault"), credentials, hostKey);
        }
        String prefix = f.getOrDefault("prefix", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new Destination.S3(name, enabled, selector, tables, required(name, f, "bucket"),
                Optional.ofNullable(f.get("region")).filter(s -> !s.isEmpty()), prefix,
                Optional.ofNullable(f.get("roleArn")).filter(s -> !s.isEmpty()));
    }

    private static String required(String name, Map<String, String> f, String field) {
        String v = f.get(field);
        if (v == null || v.isEmpty()) {
            throw bad(name, field, "is required");
        }
        return v;
    }

    private static boolean bool(String name, String field, String v, boolean fallback) {
        return v.isEmpty() ? fallback : Configuration.parseBool(PREFIX + name + "." + field, v);
    }

    private static IllegalArgumentException bad(String name, String field, String what) {
        return new IllegalArgumentException("configuration key '" + PREFIX + name + "." + field + "' " + what);
    }
}
