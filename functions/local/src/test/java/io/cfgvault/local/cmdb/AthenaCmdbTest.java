package io.cfgvault.local.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * {@code cmdb --aws} against Athena's real JSON 1.1 wire shapes (StartQueryExecution, GetQueryExecution,
 * GetQueryResults with its header row and NextToken paging, AccessDeniedException), served on 127.0.0.1 because
 * Athena cannot run here. The SDK client is the real one; only the endpoint is local.
 */
class AthenaCmdbTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "2b6a3f5e-0c7d-4d5e-9a4b-1c2d3e4f5a6b";

    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    /** Canned answers, in order: HTTP status and body. */
    private final Deque<Object[]> answers = new ArrayDeque<>();
    private AthenaCmdb athena;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            synchronized (this) {
                targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
                requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                Object[] answer = answers.isEmpty() ? new Object[] {500, "{\"__type\":\"InternalServerException\",\"Message\":\"no answer left\"}"} : answers.poll();
                byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.getResponseHeaders().add("x-amzn-RequestId", "f3a1c2d4-0000-4000-8000-000000000000");
                exchange.sendResponseHeaders((Integer) answer[0], body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            }
        });
        server.start();
        AthenaClient client = AthenaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
        athena = new AthenaCmdb(client, "cfgvault-prod", "cfgvault_prod", d -> { });
    }

    @AfterEach
    void stop() {
        athena.close();
        server.stop(0);
    }

    private void answer(int status, String body) {
        answers.add(new Object[] {status, body});
    }

    private static String execution(String state, String reason) {
        return "{\"QueryExecution\":{\"QueryExecutionId\":\"" + ID + "\",\"Query\":\"SELECT ...\",\"StatementType\":\"DML\","
                + "\"ResultConfiguration\":{\"OutputLocation\":\"s3://results/results/" + ID + ".csv\"},"
                + "\"QueryExecutionContext\":{\"Database\":\"cfgvault_prod\",\"Catalog\":\"awsdatacatalog\"},"
                + "\"Status\":{\"State\":\"" + state + "\"" + (reason == null ? "" : ",\"StateChangeReason\":" + quote(reason)
                + ",\"AthenaError\":{\"ErrorCategory\":2,\"ErrorType\":1006,\"Retryable\":false,\"ErrorMessage\":" + quote(reason) + "}")
                + ",\"SubmissionDateTime\":1.764625537E9},\"WorkGroup\":\"cfgvault-prod\",\"EngineVersion\":{\"SelectedEngineVersion\":\"AUTO\","
                + "\"EffectiveEngineVersion\":\"Athena engine version 3\"}}}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String column(String name, String type) {
        return "{\"CatalogName\":\"hive\",\"SchemaName\":\"\",\"TableName\":\"\",\"Name\":\"" + name + "\",\"Label\":\"" + name
                + "\",\"Type\":\"" + type + "\",\"Precision\":" + (type.equals("varchar") ? 2147483647 : 19) + ",\"Scale\":0,"
                + "\"Nullable\":\"UNKNOWN\",\"CaseSensitive\":" + type.equals("varchar") + "}";
    }

    private static String row(String... values) {
        var data = new ArrayList<String>();
        for (String v : values) {
            data.add(v == null ? "{}" : "{\"VarCharValue\":" + quote(v) + "}");
        }
        return "{\"Data\":[" + String.join(",", data) + "]}";
    }

    @Test
    void queryRunsInTheWorkgroupWaitsAndReadsEveryPageWithoutTheHeaderRow() {
        answer(200, "{\"QueryExecutionId\":\"" + ID + "\"}");
        answer(200, execution("QUEUED", null));
        answer(200, execution("RUNNING", null));
        answer(200, execution("SUCCEEDED", null));
        String meta = "\"ResultSetMetadata\":{\"ColumnInfo\":[" + column("accountid", "varchar") + "," + column("devices", "bigint")
                + "," + column("lasterror", "varchar") + "]}";
        answer(200, "{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[" + row("accountid", "devices", "lasterror") + ","
                + row("111111111111", "3", null) + "]," + meta + "},\"NextToken\":\"AYAB-page-2\"}");
        answer(200, "{\"UpdateCount\":0,\"ResultSet\":{\"Rows\":[" + row("222222222222", "12", "auth failed") + "]," + meta + "}}");

        QueryResult r = athena.query("SELECT accountid, count(*) AS devices FROM devices GROUP BY accountid");

        assertEquals(List.of("accountid", "devices", "lasterror"), r.columns());
        assertEquals(List.of(Arrays.asList("111111111111", 3L, null), List.of("222222222222", 12L, "auth failed")), r.rows());
        assertEquals(List.of("AmazonAthena.StartQueryExecution", "AmazonAthena.GetQueryExecution", "AmazonAthena.GetQueryExecution",
                "AmazonAthena.GetQueryExecution", "AmazonAthena.GetQueryResults", "AmazonAthena.GetQueryResults"), targets);
        JsonNode start = requests.get(0);
        assertEquals("cfgvault-prod", start.get("WorkGroup").asText());
        assertEquals("cfgvault_prod", start.get("QueryExecutionContext").get("Database").asText());
        assertTrue(start.get("QueryString").asText().startsWith("SELECT accountid"));
        assertEquals(ID, requests.get(4).get("QueryExecutionId").asText());
        assertEquals("AYAB-page-2", requests.get(5).get("NextToken").asText());
    }

    @Test
    void failedQueryReportsAthenasMessageWithItsPosition() {
        answer(200, "{\"QueryExecutionId\":\"" + ID + "\"}");
        answer(200, execution("FAILED", "COLUMN_NOT_FOUND: line 1:8: Column 'devcie' cannot be resolved or requester is not authorized to access requested resources"));
        var e = assertThrows(CmdbException.class, () -> athena.query("SELECT devcie FROM devices"));
        assertTrue(e.getMessage().contains("failed: COLUMN_NOT_FOUND: line 1:8: Column 'devcie' cannot be resolved"), e.getMessage());
    }

    @Test
    void missingAthenaPermissionIsNamed() {
        answer(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::111122223333:assumed-role/ops/alice is not "
                + "authorized to perform: athena:StartQueryExecution on resource: arn:aws:athena:eu-west-1:111122223333:workgroup/cfgvault-prod "
                + "because no identity-based policy allows the athena:StartQueryExecution action\"}");
        var e = assertThrows(CmdbException.class, () -> athena.query("SELECT 1"));
        assertTrue(e.getMessage().startsWith("missing permission athena:StartQueryExecution on "
                + "arn:aws:athena:eu-west-1:111122223333:workgroup/cfgvault-prod"), e.getMessage());
    }

    @Test
    void missingS3PermissionOnTheMetadataIsNamedWithThePath() {
        answer(200, "{\"QueryExecutionId\":\"" + ID + "\"}");
        answer(200, execution("FAILED", "Permission denied on S3 path: s3://central-backups/metadata/devices/accountid=111122223333/region=eu-west-1/deployment=prod/devices.json"));
        var e = assertThrows(CmdbException.class, () -> athena.query("SELECT * FROM devices"));
        assertTrue(e.getMessage().startsWith("missing permission s3:GetObject/s3:ListBucket") && e.getMessage().contains(
                "on s3://central-backups/metadata/devices/accountid=111122223333/"), e.getMessage());
    }

    @Test
    void missingGluePermissionInsideTheQueryIsNamed() {
        answer(200, "{\"QueryExecutionId\":\"" + ID + "\"}");
        answer(200, execution("FAILED", "Insufficient permissions to execute the query. User: arn:aws:sts::111122223333:assumed-role/ops/alice "
                + "is not authorized to perform: glue:GetTable on resource: arn:aws:glue:eu-west-1:111122223333:table/cfgvault_prod/devices "
                + "because no identity-based policy allows the glue:GetTable action"));
        var e = assertThrows(CmdbException.class, () -> athena.query("SELECT * FROM devices"));
        assertTrue(e.getMessage().startsWith("missing permission glue:GetTable on arn:aws:glue:eu-west-1:111122223333:table/cfgvault_prod/devices"),
                e.getMessage());
    }
}
