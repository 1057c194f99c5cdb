package io.cfgvault.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bill's arithmetic against a case computed by hand (the comments show each step). */
class CostModelTest {
    /** 1,000 devices hourly, batch 10, 1 GB, 3 s slowest device, 3 WRU and 2 RRU a fetch, no S3 request when unchanged. */
    static Assumptions handCase() {
        return new Assumptions(1000, 730, 7.3, 3.0, 1024, 10, 10, 20, 40, 0.5, 3, 2, 20, 3, 2, 0, 3, 1, 5, 6,
                1000, 200, 500, 90, 5, 15, 7, 90, 5, 5, 0.05, false);
    }

    @Test
    void handComputedThousandDeviceBillMatchesItemByItem() {
        var bill = CostModel.estimate(handCase());
        Map<String, Double> d = bill.items().stream()
                .collect(Collectors.toMap(i -> i.service() + " " + i.what(), CostModel.Item::dollars));
        // 730,000 fetches / 10 = 73,000 invocations x max(1 x 3 s + 0.5 s, 10 x 40 ms / 0.579 vCPU) = 3.5 s x 1 GB
        assertEquals(255_500 * 0.0000133334, d.get("Lambda worker compute"), 1e-9);
        assertEquals(3.4066837, d.get("Lambda worker compute"), 1e-6);
        assertEquals(730 * 5 * 0.0000133334, d.get("Lambda orchestrator compute"), 1e-9);   // 3 s + 1,000 x 2 ms
        assertEquals(73_730 * 0.20 / 1e6, d.get("Lambda requests"), 1e-9);
        assertEquals((73_000 + 146_000 + 657_000) * 0.40 / 1e6, d.get("SQS requests"), 1e-9);
        assertEquals((7_300 * 3 + 730 * 5) * 0.005 / 1000, d.get("S3 PUT and LIST requests"), 1e-9);
        assertEquals((7_300 + 730 * 6) * 0.0004 / 1000, d.get("S3 GET and HEAD requests"), 1e-9);   // + 6 a run
        // 1,000 x (20 KB x 11 copies + 400 B x 6 metadata versions) = 227,680,000 B
        assertEquals(227_680_000 / 1073741824.0 * 0.023, d.get("S3 storage"), 1e-9);
        assertEquals((25_550 + 11_680) * 400 * 12 / 1073741824.0 * 0.023, d.get("S3 server access logs storage"), 1e-9);
        assertEquals(2_190_000 * 0.625 / 1e6, d.get("DynamoDB write request units"), 1e-9);
        assertEquals(1_460_000 * 0.125 / 1e6, d.get("DynamoDB read request units"), 1e-9);
        // 24 runs a day x 90 days x 1,000 results x 500 B + 1,000 inventory items x 1 KB
        assertEquals(1_081_024_000 / 1073741824.0 * 0.25, d.get("DynamoDB storage"), 1e-9);
        assertEquals(1_081_024_000 / 1073741824.0 * 0.20, d.get("DynamoDB point-in-time recovery"), 1e-9);
        assertEquals(744_600_000 / 1073741824.0 * 0.50, d.get("CloudWatch log ingestion"), 1e-9);
        assertEquals(744_600_000 / 1073741824.0 * 90 / (365 / 12.0) * 0.03, d.get("CloudWatch log storage"), 1e-9);
        assertEquals(0.70, d.get("CloudWatch alarms"), 1e-9);
        // job: 5 s orchestrator + 5 waves of 20 invocations x 3.5 s = 22.5 s; 730 x 22.5 + 5 % of 73,000 + 730 runs
        assertEquals(20_805 * 5.0 / 1e6, d.get("X-Ray traces"), 1e-9);
        assertEquals(8_030 / 1e6, d.get("EventBridge custom events"), 1e-9);
        assertEquals(2.00, d.get("Secrets Manager secrets"), 1e-9);
        assertEquals(730 * 20 * 5 * 0.05 / 10_000, d.get("Secrets Manager GetSecretValue"), 1e-9);
        assertEquals(9.5512685, bill.total(), 1e-6);
        assertEquals(22.5, bill.projectedJobSeconds(), 1e-9);
        assertEquals(19, bill.items().size(), "no KMS lines without a customer key");
    }

    @Test
    void cpuBoundBatchOnSmallMemoryLastsLongerThanTheSlowestDevice() {
        var a = handCase();
        var small = new Assumptions(a.devices(), a.runsPerMonth(), a.changesPerMonth(), 3.0, 256, 100, 100, 20, 40, 0.5, 3, 2, 20,
                3, 2, 0, 3, 1, 5, 6, 1000, 200, 500, 90, 5, 15, 7, 90, 5, 5, 0.05, false);
        // 100 devices x 40 ms = 4 CPU-s on 256/1769 vCPU = 27.6 s, far beyond 3.5 s of network time
        assertEquals(4.0 / (256 / 1769.0), CostModel.estimate(small).invocationSeconds(), 1e-9);
    }

    @Test
    void batchLargerThanItsParallelismRunsInRounds() {
        var a = handCase();
        var serial = new Assumptions(a.devices(), a.runsPerMonth(), a.changesPerMonth(), 3.0, 1024, 10, 1, 20, 40, 0.5, 3, 2, 20,
                3, 2, 0, 3, 1, 5, 6, 1000, 200, 500, 90, 5, 15, 7, 90, 5, 5, 0.05, false);
        assertEquals(10 * 3.0 + 0.5, CostModel.estimate(serial).invocationSeconds(), 1e-9);
    }

    @Test
    void customerKeyAddsKeyAndRequestLines() {
        var a = handCase();
        var kms = new Assumptions(a.devices(), a.runsPerMonth(), a.changesPerMonth(), 3.0, 1024, 10, 10, 20, 40, 0.5, 3, 2, 20,
                3, 2, 0, 3, 1, 5, 6, 1000, 200, 500, 90, 5, 15, 7, 90, 5, 5, 0.05, true);
        var bill = CostModel.estimate(kms);
        assertEquals(1.00, bill.total("KMS") - 730 * 21 * 6 * 0.03 / 10_000, 1e-9);
        assertTrue(CostModel.render(bill).contains("customer managed key"));
    }

    @Test
    void moreChangesThanFetchesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Assumptions(10, 730, 800, 3.0, 1024, 10, 10, 20, 40, 0.5, 3, 2, 20,
                3, 2, 0, 3, 1, 5, 6, 1000, 200, 500, 90, 5, 15, 7, 90, 5, 5, 0.05, false));
    }
}
