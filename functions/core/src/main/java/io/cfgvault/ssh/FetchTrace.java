package io.cfgvault.ssh;

import java.util.ArrayList;
import java.util.List;

/** Collects the steps of one fetch with their time since the start. No device output and no secrets go in here. */
final class FetchTrace {
    private final long startNanos;
    private final List<FetchResult.TraceStep> steps = new ArrayList<>();

    FetchTrace(long startNanos) {
        this.startNanos = startNanos;
    }

    synchronized void step(String step, String detail) {
        steps.add(new FetchResult.TraceStep((System.nanoTime() - startNanos) / 1_000_000, step, detail == null ? "" : detail));
    }

    synchronized List<FetchResult.TraceStep> steps() {
        return List.copyOf(steps);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
