package org.symphony.rails.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of text lines. An append completes only after its line is on disk
 * ({@code FileChannel.force(true)}); one writer thread batches concurrent appends into a single force
 * (group commit) so the fsync cost is shared instead of serialising every caller on it.
 *
 * <p>The file is locked while open, so two simulators cannot interleave writes to one ledger. A torn
 * last line (a crash mid-write, never acknowledged) is cut off on open. After a write error the log
 * refuses all further appends: a half-written line must not be glued to the next one.
 */
public final class DurableLineLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DurableLineLog.class);
  private static final int MAX_BATCH = 1024;
  private static final Append STOP = new Append(new byte[0], new CompletableFuture<>());

  private record Append(byte[] bytes, CompletableFuture<Void> written) {}

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final BlockingQueue<Append> queue;
  private final Thread writer;
  private volatile boolean accepting = true;

  private DurableLineLog(Path file, FileChannel channel, FileLock lock, int maxQueued) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.queue = new ArrayBlockingQueue<>(maxQueued);
    this.writer = new Thread(this::writeLoop, "durable-line-log-" + file.getFileName());
    this.writer.setDaemon(true);
  }

  /**
   * Opens (creating if needed) the file, hands every complete line already in it to {@code replay}, in
   * order, then accepts appends. Blocking: call it off the actor dispatchers.
   */
  public static DurableLineLog open(Path file, int maxQueued, Consumer<String> replay) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = lockOrFail(channel, file);
      cutTornTail(channel, file);
      replayLines(channel, replay);
      channel.position(channel.size());
      DurableLineLog opened = new DurableLineLog(file, channel, lock, maxQueued);
      opened.writer.start();
      return opened;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Completes once the line is durable; fails if the log is closed, broken or its queue is full. */
  public CompletionStage<Void> append(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0)
      throw new IllegalArgumentException("a log line must not contain line breaks");
    if (!accepting) return CompletableFuture.failedFuture(new IllegalStateException("log " + file + " is closed"));
    Append append = new Append((line + "\n").getBytes(StandardCharsets.UTF_8), new CompletableFuture<>());
    if (!queue.offer(append))
      return CompletableFuture.failedFuture(new RejectedExecutionException("log " + file + " is overloaded"));
    return append.written();
  }

  public Path file() {
    return file;
  }

  /** Writes what is queued, then releases the file. Blocking. */
  @Override
  public void close() throws IOException {
    accepting = false;
    try {
      // the writer may already have stopped after a write error; then nobody drains the queue
      while (!queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) if (!writer.isAlive()) break;
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failAll(drain(), new IllegalStateException("log " + file + " is closed"));
      try {
        if (lock.isValid()) lock.release();
      } finally {
        channel.close();
      }
    }
  }

  private void writeLoop() {
    List<Append> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      try {
        for (Append a : batch) {
          ByteBuffer buffer = ByteBuffer.wrap(a.bytes());
          while (buffer.hasRemaining()) channel.write(buffer);
        }
        channel.force(true);
        batch.forEach(a -> a.written().complete(null));
      } catch (IOException | RuntimeException e) {
        log.error("ledger {} write failed; refusing further appends", file, e);
        accepting = false;
        failAll(batch, e);
        failAll(drain(), e);
        return;
      }
      if (stop) return;
    }
  }

  private List<Append> drain() {
    List<Append> rest = new ArrayList<>();
    queue.drainTo(rest);
    rest.remove(STOP);
    return rest;
  }

  private static void failAll(List<Append> appends, Throwable error) {
    appends.forEach(a -> a.written().completeExceptionally(error));
  }

  private static FileLock lockOrFail(FileChannel channel, Path file) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) throw new IOException(file + " is in use by another simulator");
    return lock;
  }

  /** Everything after the last newline was never acknowledged (fsync precedes the ack): drop it. */
  private static void cutTornTail(FileChannel channel, Path file) throws IOException {
    long size = channel.size();
    long end = size;
    ByteBuffer one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) == '\n') break;
      end--;
    }
    if (end < size) {
      log.warn("ledger {}: cutting a torn last line ({} bytes)", file, size - end);
      channel.truncate(end);
      channel.force(true);
    }
  }

  private static void replayLines(FileChannel channel, Consumer<String> replay) throws IOException {
    channel.position(0);
    // not closed: closing the reader would close the channel we keep writing to
    BufferedReader reader =
        new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 64 * 1024);
    String line;
    while ((line = reader.readLine()) != null) if (!line.isBlank()) replay.accept(line);
  }
}
