package io.cfgvault.cost;

/**
 * AWS list prices in USD that the cost model uses: us-east-1, no free tier, first pricing tier, as published on
 * each service's pricing page (aws.amazon.com/&lt;service&gt;/pricing) in December 2026. Change them here only.
 */
public final class UnitPrices {
    private UnitPrices() {
    }

    /** Lambda arm64 compute, per GB-second (aws.amazon.com/lambda/pricing, first 7.5 billion GB-s). */
    public static final double LAMBDA_GB_SECOND = 0.0000133334;
    /** Lambda requests, per invocation ($0.20 per million). */
    public static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
    /** SQS standard queue, per request (every 64 KB chunk is a request; $0.40 per million). */
    public static final double SQS_REQUEST = 0.40 / 1_000_000;
    /** S3 Standard PUT, COPY, POST, LIST requests ($0.005 per 1,000). */
    public static final double S3_PUT_LIST = 0.005 / 1_000;
    /** S3 Standard GET, HEAD and other requests ($0.0004 per 1,000). */
    public static final double S3_GET_HEAD = 0.0004 / 1_000;
    /** S3 Standard storage, per GB-month (first 50 TB). */
    public static final double S3_GB_MONTH = 0.023;
    /** DynamoDB on-demand write request unit ($0.625 per million). */
    public static final double DYNAMODB_WRU = 0.625 / 1_000_000;
    /** DynamoDB on-demand read request unit ($0.125 per million). */
    public static final double DYNAMODB_RRU = 0.125 / 1_000_000;
    /** DynamoDB Standard table storage, per GB-month (beyond the first 25 GB, which this model does not deduct). */
    public static final double DYNAMODB_GB_MONTH = 0.25;
    /** DynamoDB continuous backups (point-in-time recovery), per GB-month of table size. */
    public static final double DYNAMODB_PITR_GB_MONTH = 0.20;
    /** CloudWatch Logs ingestion (standard class), per GB. */
    public static final double LOGS_INGEST_GB = 0.50;
    /** CloudWatch Logs storage (archived), per GB-month. */
    public static final double LOGS_STORED_GB_MONTH = 0.03;
    /** CloudWatch standard-resolution metric alarm, per alarm-month. */
    public static final double ALARM_MONTH = 0.10;
    /** X-Ray traces recorded ($5.00 per million). */
    public static final double XRAY_TRACE = 5.00 / 1_000_000;
    /** EventBridge custom events published ($1.00 per million); schedules of EventBridge rules are free. */
    public static final double EVENTBRIDGE_EVENT = 1.00 / 1_000_000;
    /** Secrets Manager, per secret-month. */
    public static final double SECRET_MONTH = 0.40;
    /** Secrets Manager API calls ($0.05 per 10,000). */
    public static final double SECRETS_API_CALL = 0.05 / 10_000;
    /** KMS customer managed key, per key-month. */
    public static final double KMS_KEY_MONTH = 1.00;
    /** KMS requests ($0.03 per 10,000). */
    public static final double KMS_REQUEST = 0.03 / 10_000;
    /** Lambda's memory per full vCPU: a function gets CPU in proportion to memory, one vCPU at 1,769 MB. */
    public static final double LAMBDA_MB_PER_VCPU = 1_769;
}
