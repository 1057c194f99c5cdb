package io.cfgvault.local.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfgvault.ssh.FetchResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FarmScaleTest {

    @Test
    void thousandDevicesRunInOneJvmWithoutAThreadPoolEach(@TempDir Path dir) throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<SimDevice> devices = new ArrayList<>();
        String[] flavours = {"cisco_ios", "juniper_junos", "arista_eos"};
        for (int i = 0; i < 1000; i++) {
            devices.add(FarmFixture.device(String.format("dev-%04d", i), flavours[i % 3], 1_000, Fault.NONE));
        }
        try (DeviceFarm farm = DeviceFarm.start(dir, devices)) {
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(threadsAfter - threadsBefore < 40, "farm of 1,000 devices started "
                    + (threadsAfter - threadsBefore) + " threads");
            assertEquals(1000, farm.names().size());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<FetchResult>> results = new ArrayList<>();
                List<String> picked = new ArrayList<>();
                for (int i = 0; i < 1000; i += 37) {
                    String name = String.format("dev-%04d", i);
                    picked.add(name);
                    results.add(pool.submit(() -> FarmFixture.fetch(farm, name, flavours[Integer.parseInt(name.substring(4)) % 3])));
                }
                for (int i = 0; i < results.size(); i++) {
                    FetchResult r = results.get(i).get();
                    assertEquals(FetchResult.Status.OK, r.status(), picked.get(i) + ": " + r.error().orElse(""));
                    assertEquals(farm.config(picked.get(i)), r.output());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
