package io.cfgvault.ssh;

import com.jcraft.jsch.Session;
import io.cfgvault.ssh.FetchResult.Status;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The time limits of one fetch. Each attempt's TCP connect and SSH handshake is bounded by the connect timeout,
 * every wait for output by the idle timeout, and the whole fetch by the wall limit: a shared watchdog disconnects
 * the session at the wall limit, so a fetch returns at most about a second after it whatever the device does.
 */
final class FetchLimits {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    private static final ExecutorService CUTTER = Executors.newCachedThreadPool(daemon("cfgvault-ssh-cutoff"));

    private static final long QUIET_POLL_NANOS = 100_000_000L;

    private final FetchRequest request;
    private final Transcript transcript;
    private final long wallDeadline;
    private final long idleNanos;
    private final AtomicBoolean wallExpired = new AtomicBoolean();
    /** Every session of the fetch, jump hosts first, the device last; all are cut off together. */
    private final java.util.concurrent.CopyOnWriteArrayList<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastSentNanos;

    FetchLimits(FetchRequest request, long startNanos, Transcript transcript) {
        this.request = request;
        this.transcript = transcript;
        this.wallDeadline = startNanos + request.wallLimit().toNanos();
        this.idleNanos = request.idleTimeout().toNanos();
    }

    /** Starts the watchdog; cancel the returned future when the fetch ends. */
    ScheduledFuture<?> arm() {
        return WATCHDOG.schedule(this::cutOff, request.wallLimit().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A session the watchdog cuts off at the wall limit (a jump host's or the device's). */
    void guard(Session s) {
        sessions.add(s);
    }

    /** Disconnects every session of a failed attempt, device first, then the jump hosts back to front. */
    void disconnectAll() {
        var all = new java.util.ArrayList<>(sessions);
        sessions.clear();
        java.util.Collections.reverse(all);
        all.forEach(Session::disconnect);
    }

    boolean expired() {
        return wallExpired.get();
    }

    /** Input was just sent: the idle clock restarts. */
    void sent() {
        lastSentNanos = System.nanoTime();
    }

    long remainingMillis() {
        return (wallDeadline - System.nanoTime()) / 1_000_000;
    }

    /** The connect timeout, shortened to what is left of the wall limit. */
    int connectTimeoutMillis() {
        long remaining = Math.max(1, remainingMillis());
        return (int) Math.max(1, Math.min(request.connectTimeout().toMillis(), remaining));
    }

    /** Disconnects the session when the fetch ends; a session cut off by the watchdog is closed off-thread. */
    void release() {
        if (sessions.isEmpty()) {
            return;
        }
        if (wallExpired.get()) {
            CUTTER.execute(this::disconnectAll);   // never let a wedged session hold the caller past its limit
        } else {
            disconnectAll();
        }
    }

    /**
     * Waits until {@code check} (run under the sink lock) returns non-null. {@code onIdle}, if given, gets a last
     * look when the idle timeout strikes. Throws TIMEOUT at the idle or wall limit, TRUNCATED when the channel
     * closes first.
     */
    <T> T await(OutputSink sink, String phase, Function<OutputSink, T> check, Function<OutputSink, T> onIdle)
            throws FetchFailure, InterruptedException {
        sink.lock();
        try {
            while (true) {
                T r = check.apply(sink);
                if (r != null) {
                    return r;
                }
                if (wallExpired.get()) {
                    throw new FetchFailure(Status.TIMEOUT, wallMessage(phase));
                }
                if (sink.isClosed()) {
                    throw new FetchFailure(Status.TRUNCATED, "session closed by " + request.device().name() + " while "
                            + phase + " (" + sink.totalBytes() + " bytes received)");
                }
                long now = System.nanoTime();
                long idleDeadline = Math.max(sink.lastDataNanos(), lastSentNanos) + idleNanos;
                if (now - wallDeadline >= 0) {
                    throw new FetchFailure(Status.TIMEOUT, wallMessage(phase));
                }
                if (now - idleDeadline >= 0) {
                    T late = onIdle == null ? null : onIdle.apply(sink);
                    if (late != null) {
                        return late;
                    }
                    throw idleFailure(sink, phase);
                }
                // wake at least every QUIET_POLL: a check may also decide on a quiet moment (ShellText.findEcho)
                sink.awaitChange(Math.min(Math.min(idleDeadline, wallDeadline), now + QUIET_POLL_NANOS) - now);
            }
        } finally {
            sink.unlock();
        }
    }

    private FetchFailure idleFailure(OutputSink sink, String phase) {
        return new FetchFailure(Status.TIMEOUT, "no output from " + request.device().name() + " for "
                + seconds(request.idleTimeout().toMillis()) + " while " + phase + " ("
                + sink.totalBytes() + " bytes received); cut off at the idle timeout");
    }

    String wallMessage(String phase) {
        OutputSink s = transcript.current();
        return "wall-clock limit of " + seconds(request.wallLimit().toMillis()) + " reached while " + phase + " on "
                + request.device().name() + (s == null ? "" : " (" + s.totalBytes() + " bytes received)")
                + "; the device was cut off";
    }

    /** Watchdog: the wall limit struck; cut the device off wherever the fetch is. */
    private void cutOff() {
        wallExpired.set(true);
        OutputSink sink = transcript.current();
        if (sink != null) {
            sink.wake();
        }
        if (!sessions.isEmpty()) {
            CUTTER.execute(this::disconnectAll);
        }
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, daemon("cfgvault-ssh-watchdog"));
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
