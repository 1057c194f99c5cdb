package io.cfgvault.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time per data directory: DynamoDB Local's SQLite file cannot be shared, and a second process
 * would only see "database is locked" errors. The lock file names the owner so the refusal can say who holds it.
 */
final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dir) throws IOException {
        Path file = dir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException inThisJvm) {
            l = null;
        }
        if (l == null) {
            String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
            ch.close();
            throw new IllegalStateException("data directory " + dir + " is in use by another cfgvault process"
                    + (owner.isEmpty() ? "" : " (" + owner + ")")
                    + "; stop it first (Ctrl-C in its terminal), or give this command another --data-dir");
        }
        ProcessHandle self = ProcessHandle.current();
        String who = "pid " + self.pid() + ": cfgvault " + System.getProperty("cfgvault.command", "")
                + " since " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(who.replace("  ", " ").getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirLock(ch, l);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }
}
