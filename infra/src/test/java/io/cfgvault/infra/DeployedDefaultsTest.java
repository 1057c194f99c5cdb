package io.cfgvault.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfgvault.cost.DeployedDefaults;
import org.junit.jupiter.api.Test;

/** {@code cfgvault cost} prices what a plain deploy creates: its defaults are the stack's defaults. */
class DeployedDefaultsTest {
    @Test
    void costModelDefaultsAreTheStacksDefaults() {
        Parameters p = Parameters.from(key -> null);
        assertEquals(Parameters.DEFAULT_SCHEDULE, p.scheduleExpression());
        assertEquals(1, Parameters.scheduleHours(p.scheduleExpression()), "hourly: 730 runs a month");
        assertEquals(DeployedDefaults.RUNS_PER_MONTH, 8760 / 12.0);
        assertEquals(DeployedDefaults.WORKER_BATCH_SIZE, p.workerBatchSize());
        assertEquals(DeployedDefaults.WORKER_CONCURRENCY, p.workerConcurrency());
        assertEquals(DeployedDefaults.WORKER_MEMORY_MB, p.workerMemoryMb());
        assertEquals(DeployedDefaults.MEMORY_MB, p.memoryMb());
        assertEquals(DeployedDefaults.LOG_RETENTION_DAYS, p.logRetentionDays());
        assertEquals(DeployedDefaults.VERSIONS_KEPT, p.versionsKept());
    }

    @Test
    void costModelCountsTheAlarmsTheStackCreates() {
        Synth.defaults().template().resourceCountIs("AWS::CloudWatch::Alarm", DeployedDefaults.ALARMS);
    }
}
