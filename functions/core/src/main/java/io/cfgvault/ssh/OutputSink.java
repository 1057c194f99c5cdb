package io.cfgvault.ssh;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where JSch's session thread pushes channel data (via {@code setOutputStream}); the fetch thread waits on it with
 * exact idle and wall deadlines. Closing (JSch closes it on EOF or disconnect) wakes the waiter.
 */
final class OutputSink extends OutputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private byte[] buf = new byte[16 * 1024];
    private int size;
    private boolean closed;
    private long lastDataNanos = System.nanoTime();
    private long total;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        lock.lock();
        try {
            if (size + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
            }
            System.arraycopy(b, off, buf, size, len);
            size += len;
            total += len;
            lastDataNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} under the lock; the body may read and cut the buffer. */
    <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** Wakes a waiter without new data (the watchdog uses it at the wall limit). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (lock must be held) until new data, close, or {@code nanos} pass. */
    void awaitChange(long nanos) throws InterruptedException {
        if (nanos > 0) {
            changed.await(nanos, TimeUnit.NANOSECONDS);
        }
    }

    boolean isClosed() {
        return closed;
    }

    int size() {
        return size;
    }

    long totalBytes() {
        return total;
    }

    long lastDataNanos() {
        return lastDataNanos;
    }

    byte byteAt(int i) {
        return buf[i];
    }

    /** Drops everything from {@code from} to the end (used to cut a pager prompt or an erase sequence). */
    void truncate(int from) {
        size = Math.max(0, Math.min(size, from));
    }

    /** Removes bytes [from, to). */
    void remove(int from, int to) {
        if (to <= from) {
            return;
        }
        System.arraycopy(buf, to, buf, from, size - to);
        size -= to - from;
    }

    /** The bytes [from, to) as ISO-8859-1 text: one char per byte, for pattern checks on prompts and pagers. */
    String latin1(int from, int to) {
        return new String(buf, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    byte[] bytes(int from, int to) {
        return Arrays.copyOfRange(buf, from, Math.max(from, to));
    }

    /** Index just after the last {@code \n} at or after {@code from} (or {@code from} when there is none). */
    int lastLineStart(int from) {
        for (int i = size - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }
}
