package io.cfgvault.local.cmdb;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * The CMDB in AWS: one Athena query in the deployment's workgroup (whose settings fix the encrypted, expiring
 * result location): start it, wait for it, read every page of results. The first row of the first page is
 * Athena's header row and is dropped. Refusals name the permission that is missing.
 */
public final class AthenaCmdb implements CmdbEngine {
    private static final Pattern NOT_AUTHORIZED = Pattern.compile("not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9]+)(?: on resource: (\\S+))?");
    private static final Pattern S3_DENIED = Pattern.compile("(?:Permission denied on S3 path|Access denied when writing to location): ?(s3://\\S+)?");
    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final AthenaClient athena;
    private final String workgroup;
    private final String database;
    private final Sleeper sleeper;

    /** How the engine waits between polls; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public AthenaCmdb(AthenaClient athena, String workgroup, String database) {
        this(athena, workgroup, database, d -> Thread.sleep(d.toMillis()));
    }

    public AthenaCmdb(AthenaClient athena, String workgroup, String database, Sleeper sleeper) {
        this.athena = athena;
        this.workgroup = workgroup;
        this.database = database;
        this.sleeper = sleeper;
    }

    @Override
    public QueryResult query(String sql) {
        try {
            String id = athena.startQueryExecution(b -> b.queryString(sql).workGroup(workgroup)
                    .queryExecutionContext(c -> c.database(database))).queryExecutionId();
            QueryExecution done = await(id);
            if (done.status().state() != QueryExecutionState.SUCCEEDED) {
                String reason = Optional.ofNullable(done.status().stateChangeReason()).orElse(done.status().stateAsString());
                throw new CmdbException(missingPermission(reason).map(p -> p + "\n" + reason)
                        .orElse("Athena query " + id + " " + done.status().stateAsString().toLowerCase(Locale.ROOT) + ": " + reason));
            }
            return results(id);
        } catch (AwsServiceException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            Optional<String> permission = missingPermission(message == null ? "" : message);
            if (permission.isPresent()) {
                throw new CmdbException(permission.get() + "\n" + message, e);
            }
            throw new CmdbException("Athena (workgroup " + workgroup + ") refused the query: " + code + ": " + message, e);
        } catch (SdkClientException e) {
            throw new CmdbException("Athena is unreachable: " + e.getMessage(), e);
        }
    }

    private QueryExecution await(String id) {
        Duration wait = FIRST_WAIT;
        while (true) {
            QueryExecution q = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
            switch (q.status().state()) {
                case SUCCEEDED, FAILED, CANCELLED -> {
                    return q;
                }
                default -> {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        athena.stopQueryExecution(b -> b.queryExecutionId(id));
                        throw new CmdbException("interrupted; stopped Athena query " + id, e);
                    }
                    wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
                }
            }
        }
    }

    private QueryResult results(String id) {
        List<ColumnInfo> info = null;
        var rows = new ArrayList<List<Object>>();
        String token = null;
        boolean first = true;
        do {
            String next = token;
            GetQueryResultsResponse page = athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(1000).nextToken(next));
            if (info == null) {
                info = page.resultSet().resultSetMetadata().columnInfo();
            }
            List<Row> pageRows = page.resultSet().rows();
            for (int i = 0; i < pageRows.size(); i++) {
                List<Datum> data = pageRows.get(i).data();
                if (first && i == 0 && isHeader(data, info)) {
                    continue;
                }
                var row = new ArrayList<Object>(info.size());
                for (int c = 0; c < info.size(); c++) {
                    row.add(c < data.size() ? value(data.get(c).varCharValue(), info.get(c).type()) : null);
                }
                rows.add(row);
            }
            first = false;
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new QueryResult(info.stream().map(ColumnInfo::label).toList(), rows);
    }

    private static boolean isHeader(List<Datum> data, List<ColumnInfo> info) {
        if (data.size() != info.size()) {
            return false;
        }
        for (int c = 0; c < data.size(); c++) {
            if (!info.get(c).label().equals(data.get(c).varCharValue())) {
                return false;
            }
        }
        return true;
    }

    /** Athena returns every value as text; numbers and booleans get their type back from the column type. */
    static Object value(String text, String type) {
        if (text == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "bigint", "integer", "int", "smallint", "tinyint" -> Long.valueOf(text);
            case "double", "real", "float" -> Double.valueOf(text);
            case "decimal" -> new BigDecimal(text);
            case "boolean" -> Boolean.valueOf(text);
            default -> text;
        };
    }

    /** "missing permission athena:StartQueryExecution on ..." from AWS's "is not authorized to perform" wording. */
    static Optional<String> missingPermission(String message) {
        Matcher m = NOT_AUTHORIZED.matcher(message);
        if (m.find()) {
            return Optional.of("missing permission " + m.group(1) + (m.group(2) == null ? "" : " on " + m.group(2))
                    + ": grant it to the identity running cfgvault (see README, CMDB with Athena)");
        }
        Matcher s3 = S3_DENIED.matcher(message);
        if (s3.find()) {
            return Optional.of("missing permission s3:GetObject/s3:ListBucket (reading the metadata) or s3:PutObject (writing "
                    + "query results)" + (s3.group(1) == null ? "" : " on " + s3.group(1))
                    + ": grant it to the identity running cfgvault (see README, CMDB with Athena)");
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        athena.close();
    }
}
