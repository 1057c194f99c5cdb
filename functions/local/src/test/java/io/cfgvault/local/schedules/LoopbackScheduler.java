package io.cfgvault.local.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * EventBridge Scheduler cannot run here, so this serves its REST-JSON API on 127.0.0.1 with the real request
 * and response shapes (paths {@code /schedules} and {@code /schedules/{Name}}, the group in the query or body,
 * epoch-second dates, {@code x-amzn-ErrorType} errors, paged ListSchedules), keeping schedules in memory so the
 * real SDK client can create, read, update, list and delete them. Every request is recorded for assertions.
 */
final class LoopbackScheduler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "123456789012";

    /** One recorded call: method, path, query and body. */
    record Call(String method, String path, Map<String, String> query, JsonNode body) {
        boolean mutating() {
            return !method.equals("GET");
        }
    }

    private final HttpServer server;
    private final Map<String, ObjectNode> schedules = new TreeMap<>(); // "group/name" -> GetSchedule response
    final List<Call> calls = new ArrayList<>();

    LoopbackScheduler() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Puts a schedule in place as if someone had created it (for "foreign" schedules). */
    synchronized void seed(String group, String name, String expression, String targetArn) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Name", name).put("GroupName", group).put("Arn", arn(group, name)).put("ScheduleExpression", expression)
                .put("ScheduleExpressionTimezone", "UTC").put("State", "ENABLED").put("CreationDate", 1.7e9)
                .put("LastModificationDate", 1.7e9).put("ActionAfterCompletion", "NONE");
        s.putObject("FlexibleTimeWindow").put("Mode", "OFF");
        s.putObject("Target").put("Arn", targetArn).put("RoleArn", "arn:aws:iam::" + ACCOUNT + ":role/other").put("Input", "{}");
        schedules.put(group + "/" + name, s);
    }

    synchronized Map<String, ObjectNode> schedules() {
        return new TreeMap<>(schedules);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private static String arn(String group, String name) {
        return "arn:aws:scheduler:us-east-1:" + ACCOUNT + ":schedule/" + group + "/" + name;
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
            calls.add(new Call(method, path, query, body));
            if (path.equals("/schedules") && method.equals("GET")) {
                list(ex, query);
                return;
            }
            if (!path.startsWith("/schedules/")) {
                error(ex, 404, "UnknownOperationException", "no operation at " + path);
                return;
            }
            String name = URLDecoder.decode(path.substring("/schedules/".length()), StandardCharsets.UTF_8);
            String group = method.equals("GET") || method.equals("DELETE")
                    ? query.getOrDefault("groupName", "default") : body.path("GroupName").asText("default");
            String key = group + "/" + name;
            switch (method) {
                case "GET" -> {
                    if (!schedules.containsKey(key)) {
                        error(ex, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                    } else {
                        respond(ex, 200, schedules.get(key));
                    }
                }
                case "POST", "PUT" -> {
                    boolean exists = schedules.containsKey(key);
                    if (method.equals("POST") && exists) {
                        error(ex, 409, "ConflictException", "Schedule " + name + " already exists.");
                        return;
                    }
                    if (method.equals("PUT") && !exists) {
                        error(ex, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                        return;
                    }
                    for (String required : List.of("ScheduleExpression", "FlexibleTimeWindow", "Target")) {
                        if (!body.has(required)) {
                            error(ex, 400, "ValidationException", "1 validation error detected: " + required + " must not be null");
                            return;
                        }
                    }
                    ObjectNode s = ((ObjectNode) body.deepCopy());
                    s.remove("ClientToken");
                    s.put("Name", name).put("GroupName", group).put("Arn", arn(group, name)).put("LastModificationDate", 1.8e9);
                    s.put("CreationDate", exists ? schedules.get(key).path("CreationDate").asDouble() : 1.8e9);
                    if (!s.has("State")) {
                        s.put("State", "ENABLED");
                    }
                    schedules.put(key, s);
                    respond(ex, 200, JSON.createObjectNode().put("ScheduleArn", arn(group, name)));
                }
                case "DELETE" -> {
                    if (schedules.remove(key) == null) {
                        error(ex, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
                    } else {
                        respond(ex, 200, JSON.createObjectNode());
                    }
                }
                default -> error(ex, 405, "UnknownOperationException", method);
            }
        }
    }

    /** ListSchedules, two per page so that the client's paging is exercised. */
    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        String group = query.getOrDefault("ScheduleGroup", "default");
        String prefix = query.getOrDefault("NamePrefix", "");
        var matching = new ArrayList<ObjectNode>();
        schedules.forEach((key, s) -> {
            if (s.path("GroupName").asText().equals(group) && s.path("Name").asText().startsWith(prefix)) {
                matching.add(s);
            }
        });
        int from = Integer.parseInt(query.getOrDefault("NextToken", "0"));
        ObjectNode out = JSON.createObjectNode();
        var page = out.putArray("Schedules");
        for (ObjectNode s : matching.subList(from, Math.min(from + 2, matching.size()))) {
            ObjectNode summary = page.addObject();
            for (String f : List.of("Arn", "CreationDate", "GroupName", "LastModificationDate", "Name", "State")) {
                summary.set(f, s.get(f));
            }
            summary.putObject("Target").put("Arn", s.path("Target").path("Arn").asText());
        }
        if (from + 2 < matching.size()) {
            out.put("NextToken", Integer.toString(from + 2));
        }
        respond(ex, 200, out);
    }

    private static Map<String, String> query(String raw) {
        var out = new LinkedHashMap<String, String>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("x-amzn-RequestId", "loopback");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ex.getResponseHeaders().add("x-amzn-ErrorType", type);
        respond(ex, status, JSON.createObjectNode().put("Message", message));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
