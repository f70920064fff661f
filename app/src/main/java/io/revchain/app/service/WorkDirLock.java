package io.revchain.app.service;

import io.revchain.app.cli.UserError;
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
 * The one process that may use a work directory: an exclusive {@link FileChannel#tryLock() lock} on
 * {@value #FILE_NAME} in it, which holds the owner's pid. Taken before anything starts (no broker, no service), so
 * a second {@code revchain run} on the same {@code --work-dir} stops at once with one line naming the owner, instead
 * of failing deep inside Kafka Streams' state directory. The operating system releases the lock when the process
 * ends, however it ends; the file itself stays and is reused.
 */
public final class WorkDirLock implements AutoCloseable {

    public static final String FILE_NAME = ".revchain.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code workDir} (created when missing) for this process.
     *
     * @throws UserError when another process (or another command of this one) holds it: "work directory D is in
     *                   use by pid N"
     */
    public static WorkDirLock acquire(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path file = workDir.resolve(FILE_NAME);
        // never truncated before the lock is ours: the owner's pid must stay readable
        FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String owner = owner(ch);
            ch.close();
            throw new UserError("work directory " + workDir + " is in use by "
                    + (owner == null ? "another process" : "pid " + owner)
                    + " (one revchain process per --work-dir)");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(false);
        return new WorkDirLock(ch, lock);
    }

    private static String owner(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("[0-9]{1,19}") ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
