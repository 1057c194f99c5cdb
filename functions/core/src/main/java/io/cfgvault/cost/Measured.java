package io.cfgvault.cost;

/**
 * Per-device figures measured on this project's simulated devices and embedded AWS (DynamoDB Local, S3Proxy,
 * ElasticMQ); the test or benchmark that measures each is named beside it, and README quotes the runs.
 */
public final class Measured {
    private Measured() {
    }

    /** Worker CPU per device: SSH, YAML, SDK calls (scripts/bench-scale sampled 24-38 ms; 40 leaves room for Graviton). */
    public static final double CPU_MS_PER_DEVICE = 40;
    /** Per invocation beyond the slowest device: batched reads, the counting transaction, the SQS answer. */
    public static final double INVOCATION_OVERHEAD_SECONDS = 0.5;
    /** Orchestrator per run: configuration read, three table exports, job item (scripts/bench-scale). */
    public static final double ORCHESTRATOR_SECONDS_PER_RUN = 3;
    /** Orchestrator per device: inventory page and queue message (scripts/bench-scale). */
    public static final double ORCHESTRATOR_MS_PER_DEVICE = 2;
    /** DynamoDB write units per device fetch (CostMeasurementTest, consumed capacity from DynamoDB Local). */
    public static final double WRITE_UNITS_PER_DEVICE = 3.1;
    /** DynamoDB read units per device fetch (CostMeasurementTest). */
    public static final double READ_UNITS_PER_DEVICE = 3.3;
    /**
     * S3 GET/HEAD requests for an unchanged fetch: none (CostMeasurementTest), except one HEAD a device a day that checks
     * its latest/ copy ({@code backup.verifyLatestEvery}, 24 h): 1/24 at hourly runs.
     */
    public static final double S3_REQUESTS_UNCHANGED = 1 / 24.0;
    /** S3 PUT/LIST requests for a changed config: archive, latest, the retention listing, the CMDB change record. */
    public static final double S3_PUTS_CHANGED = 4;
    /** S3 GET requests for a changed config: the previous copy for the diff (CostMeasurementTest). */
    public static final double S3_GETS_CHANGED = 1;
    /** S3 PUTs a run beyond devices: three table exports and the metadata files (CostMeasurementTest). */
    public static final double S3_PUTS_PER_RUN = 6;
    /** S3 GET/HEAD requests a run beyond devices: the table exports' change checks (CostMeasurementTest). */
    public static final double S3_GETS_PER_RUN = 6;
    /** Log bytes per device fetch (CostMeasurementTest). */
    public static final double LOG_BYTES_PER_DEVICE = 20;
    /** Log bytes per worker invocation. */
    public static final double LOG_BYTES_PER_INVOCATION = 200;
    /** One device result item in the jobs table (CostMeasurementTest). */
    public static final double RESULT_BYTES_PER_DEVICE = 400;
}
