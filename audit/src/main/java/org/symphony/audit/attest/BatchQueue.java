package org.symphony.audit.attest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-off from many producers to one writer thread, taken in batches: the writer waits for a first
 * element, then takes what is already there and lingers briefly for more, up to the batch size. While the writer
 * is busy committing, the next batch accumulates by itself (group commit).
 */
final class BatchQueue<T> {

  private final ArrayBlockingQueue<T> queue;

  BatchQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Never blocks; false when full. */
  boolean offer(T element) {
    return queue.offer(element);
  }

  int size() {
    return queue.size();
  }

  /** Up to {@code max} elements; empty if none arrived within {@code idleWait}. */
  List<T> nextBatch(int max, Duration linger, Duration idleWait) throws InterruptedException {
    T first = queue.poll(idleWait.toNanos(), TimeUnit.NANOSECONDS);
    if (first == null) return List.of();
    List<T> batch = new ArrayList<>(Math.min(max, 64));
    batch.add(first);
    queue.drainTo(batch, max - 1);
    long deadline = System.nanoTime() + linger.toNanos();
    while (batch.size() < max) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      T next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) break;
      batch.add(next);
      queue.drainTo(batch, max - batch.size());
    }
    return batch;
  }

  /** What is there now, up to {@code max}; never waits. */
  List<T> drainUpTo(int max) {
    List<T> taken = new ArrayList<>(Math.min(max, 64));
    queue.drainTo(taken, max);
    return taken;
  }

  List<T> drainAll() {
    List<T> rest = new ArrayList<>();
    queue.drainTo(rest);
    return rest;
  }
}
