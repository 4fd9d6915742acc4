package dev.tailor.files;

import dev.tailor.errors.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * One writer per run folder: {@code train}, {@code alter}, {@code experiment} (and {@code demo})
 * hold an operating-system lock on {@code .tailor.lock} in their folder while they write it, and a
 * second writer, {@code --resume} included, is refused in one line naming the holder's process.
 * The lock dies with its process, so a lock file left by a killed run is taken over, not obeyed.
 * The file stays (empty once released): deleting it could let two processes lock two files.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".tailor.lock";

    /** Folders this JVM holds: a second channel on the same file must not be opened, since closing it would drop the lock. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the folder if needed and takes its lock for {@code what} (e.g. {@code tailor train});
     * refused with one line if another process, or this one, holds it.
     */
    public static RunLock acquire(Path dir, String what) {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (HELD.contains(key)) {
                throw new InvalidInputException(dir + ": another run in this process is writing this folder; give another --out");
            }
            Path file = key.resolve(FILE);
            FileChannel ch = null;
            try {
                Files.createDirectories(key);
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock l = ch.tryLock();
                if (l == null) {
                    String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                    ch.close();
                    throw new InvalidInputException(dir + ": another Tailor process is writing this run folder ("
                            + (holder.isEmpty() ? "it has not said which" : holder) + "); wait for it to end or stop it, or give another --out");
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", " + what + ", since "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(true);
                HELD.add(key);
                return new RunLock(key, ch, l);
            } catch (IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // the lock was not taken; nothing to undo
                    }
                }
                throw new UncheckedIOException("cannot lock the run folder " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    public Path folder() {
        return dir;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            try {
                channel.truncate(0);
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lock of " + dir + ": " + e.getMessage(), e);
            } finally {
                HELD.remove(dir);
            }
        }
    }
}
