package io.cfgvault.local.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.cfgvault.cost.DeployedDefaults;
import io.cfgvault.cost.Measured;
import io.cfgvault.tables.AppTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import io.cfgvault.handlers.DeviceBackupWorker;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.jobs.JobRecord;
import io.cfgvault.local.QueuePoller;
import io.cfgvault.local.QueuedServices;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Measures what one device fetch costs on the queue path, from the requests the real code makes against DynamoDB
 * Local, S3Proxy and ElasticMQ: DynamoDB write and read units (as DynamoDB Local reports consumed capacity), S3
 * requests by operation, and log bytes. The second run of the same devices is the hourly steady state: nothing
 * changed. The bounds are the per-device figures {@code cfgvault cost} prices (functions/core cost.Measured).
 */
class CostMeasurementTest {
    static final int DEVICES = 60;
    static final double RUN_WRITE_UNITS = 10;
    /**
     * Reads a run makes once per worker invocation rather than per device (configuration scan, job and batch state),
     * about 3 RRU each. The 2 s batching window splits 60 devices into two to seven invocations depending on how busy
     * the machine is, so the allowance follows the worker invocations the run really had (the poller counts them), with
     * at least two; a read added per device (0.5 RRU or more) still fails the bound.
     */
    static final double READ_UNITS_PER_INVOCATION = 3;

    @Test
    void unchangedFetchCostsAboutThreeWriteUnitsNoS3RequestAndBoundedLog() throws Exception {
        try (var env = QueuedServices.start("cost", DEVICES, 20_000, Map.of(), 60);
             var poller = new QueuePoller(env.services().sqsClient(), env.queueUrl(),
                     new DeviceBackupWorker(env.services().deviceWorker()), DeployedDefaults.WORKER_BATCH_SIZE, 60, 2).start()) {
            var handler = new ScheduledBackupHandler(env.services().backupJobs(), env.services().schedules());
            JobRecord first = run(env, handler, "2026-11-23T13:00:00Z");
            assertEquals(DEVICES, first.changed());
            // The worker that finished the first job still writes its metadata and runs the after-job steps once the
            // job reads as finished; that work belongs to the first run, so let the queue drain before measuring.
            awaitQueueDrained(env);

            long invocationsBefore = poller.stats().invocations();
            RequestMeter.start();
            long logBytes;
            PrintStream err = System.err;
            var counted = new AtomicLong();
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    counted.incrementAndGet();
                    err.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    counted.addAndGet(len);
                    err.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8));
            JobRecord second;
            try {
                second = run(env, handler, "2026-11-23T14:00:00Z");
                awaitQueueDrained(env);
            } finally {
                System.setErr(err);
                RequestMeter.stop();
                logBytes = counted.get();
            }
            assertEquals(DEVICES, second.unchanged());
            var jobItem = env.services().dynamo().getItem(b -> b.tableName(env.services().tableNames().physical(AppTable.JOBS))
                    .key(Map.of("id", AttributeValue.fromS(second.id())))).item();
            double counterUnits = 2 * Math.ceil(RequestMeter.itemBytes(jobItem) / 1024.0);
            double writeUnits = RequestMeter.writeUnits() + RequestMeter.transactionPutUnits() + RequestMeter.transactionUpdates() * counterUnits;
            double wru = writeUnits / DEVICES;
            double rru = RequestMeter.readUnits() / DEVICES;
            var calls = RequestMeter.calls();
            long s3 = calls.entrySet().stream().filter(e -> e.getKey().startsWith("S3.")).mapToLong(Map.Entry::getValue).sum();
            System.out.printf("cost measurement, %d unchanged devices, batch %d: %.2f WRU (%.0f reported by DynamoDB Local for single-item"
                            + " and batch writes, %.0f for transactional result puts, %d counter updates x %.0f), %.2f RRU, %d S3 requests"
                            + " for the run (%d on device copies), %.1f log bytes per device, results of %.0f bytes; calls %s%n", DEVICES, DeployedDefaults.WORKER_BATCH_SIZE, wru,
                    RequestMeter.writeUnits(), RequestMeter.transactionPutUnits(), RequestMeter.transactionUpdates(), counterUnits, rru, s3,
                    RequestMeter.deviceObjectRequests(), (double) logBytes / DEVICES, RequestMeter.transactionPutMeanBytes(), calls);
            assertTrue(RequestMeter.transactionPutMeanBytes() <= Measured.RESULT_BYTES_PER_DEVICE, "result items grew");
            assertTrue(RequestMeter.writeUnits() > 0, "DynamoDB Local reports consumed capacity");
            // Beyond the devices, a run writes a handful of its own items: job, day index, device chunk, tables, finish.
            assertTrue(wru <= Measured.WRITE_UNITS_PER_DEVICE + RUN_WRITE_UNITS / DEVICES, "write units per device: " + wru);
            long invocations = Math.max(2, poller.stats().invocations() - invocationsBefore);
            assertTrue(rru <= Measured.READ_UNITS_PER_DEVICE + READ_UNITS_PER_INVOCATION * invocations / DEVICES,
                    "read units per device: " + rru + " over " + invocations + " worker invocations");
            assertEquals(0, RequestMeter.deviceObjectRequests(), "S3 requests on unchanged devices' copies: " + calls);
            assertEquals(0, calls.getOrDefault("SecretsManager.GetSecretValue", 0L));
            assertTrue(logBytes <= Measured.LOG_BYTES_PER_DEVICE * DEVICES, "log bytes: " + logBytes);
        }
    }

    /** Until no message is waiting or in flight: the poller deletes a batch's messages only after handling it. */
    private static void awaitQueueDrained(QueuedServices env) throws InterruptedException {
        var names = java.util.List.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (java.time.Instant.now().isBefore(deadline)) {
            var attributes = env.services().sqsClient().getQueueAttributes(b -> b.queueUrl(env.queueUrl()).attributeNames(names)).attributes();
            if (attributes.values().stream().allMatch("0"::equals)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the work queue did not drain after the first job");
    }

    private static JobRecord run(QueuedServices env, ScheduledBackupHandler handler, String time) throws InterruptedException {
        ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-event.json");
        event.setTime(org.joda.time.DateTime.parse(time));
        String jobId = (String) handler.handleRequest(event, null).get("jobId");
        RequestMeter.ignoreThisThread(true);   // the test's polling of the job is not part of its cost
        try {
            return QueuedJobsTest.await(env, jobId);
        } finally {
            RequestMeter.ignoreThisThread(false);
        }
    }
}
