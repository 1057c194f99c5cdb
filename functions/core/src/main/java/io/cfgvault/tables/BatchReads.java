package io.cfgvault.tables;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Consistent BatchGetItem over any number of keys: 100 keys a call, unprocessed keys retried until none are left. */
public final class BatchReads {
    private BatchReads() {}

    /**
     * Hands every item found to {@code sink} (absent keys are simply not reported).
     *
     * @param projection attributes to read, or null for whole items
     */
    public static void get(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys, String projection,
                           Consumer<Map<String, AttributeValue>> sink) {
        get(dynamo, table, keys, projection, true, sink);
    }

    /** Same, with eventually consistent reads when {@code consistent} is false: half the read units. */
    public static void get(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys, String projection,
                           boolean consistent, Consumer<Map<String, AttributeValue>> sink) {
        for (int i = 0; i < keys.size(); i += 100) {
            var chunk = KeysAndAttributes.builder().keys(keys.subList(i, Math.min(keys.size(), i + 100))).consistentRead(consistent);
            if (projection != null) {
                chunk.projectionExpression(projection);
            }
            Map<String, KeysAndAttributes> request = Map.of(table, chunk.build());
            while (!request.isEmpty()) {
                var pending = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(pending));
                response.responses().getOrDefault(table, List.of()).forEach(sink);
                request = response.unprocessedKeys();
            }
        }
    }
}
