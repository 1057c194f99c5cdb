package io.cfgvault.local.bench;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.cfgvault.handlers.ScheduledBackupHandler;
import io.cfgvault.settings.Settings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Benchmark client: one fire of the stack's default schedule through the production Lambda entry point
 * ({@link ScheduledBackupHandler}: job item, table exports, inventory paged and queued in batches) against the
 * environment of {@link OrchestratorBenchServer}; prints its time, the messages it queued, the JVM's peak heap and
 * the heap still in use after a full GC. Arg: how many hours before the current hour the fire is (each run needs its
 * own fire time, since a fire starts at most one job).
 */
public final class OrchestratorBench {
    private OrchestratorBench() {}

    public static void main(String[] args) throws Exception {
        int hoursBack = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Instant fire = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(hoursBack, ChronoUnit.HOURS);
        var event = new ScheduledEvent();
        event.setTime(new org.joda.time.DateTime(fire.toEpochMilli(), org.joda.time.DateTimeZone.UTC));
        event.setDetail(Map.of());
        long t0 = System.nanoTime();
        var handler = new ScheduledBackupHandler();
        double init = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Map<String, Object> out = handler.handleRequest(event, null);
        double seconds = (System.nanoTime() - t1) / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        var settings = Settings.fromEnvironment();
        String queued;
        try (var services = new io.cfgvault.Services(settings)) {
            queued = services.sqsClient().getQueueAttributes(b -> b.queueUrl(settings.queueUrl().orElseThrow())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        }
        System.out.printf("orchestrator: job %s created=%s (%s); %s messages in the queue; handler init %.1f s, fire %.1f s;"
                        + " peak heap %.1f MB, after full GC %.1f MB (max heap %d MB)%n",
                out.get("jobId"), out.get("created"), out.get("reason"), queued, init, seconds, peakHeap / 1e6,
                heap.getUsed() / 1e6, Runtime.getRuntime().maxMemory() >> 20);
    }
}
