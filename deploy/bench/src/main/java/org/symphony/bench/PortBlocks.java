package org.symphony.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Blocks of consecutive free ports: a local cluster of N nodes listens on each base port + i - 1, so each base needs
 * N free ports in a row (and no two blocks may overlap).
 */
final class PortBlocks {

  /** Candidate bases tried per block before giving up (each candidate is a port the OS just handed out). */
  static final int ATTEMPTS = 100;
  private static final int MAX_PORT = 65_535;

  private final int size;
  private final IntPredicate free;
  private final IntSupplier candidates;
  private final Set<Integer> taken = new HashSet<>();

  PortBlocks(int size, IntPredicate free, IntSupplier candidates) {
    if (size < 1) throw new IllegalArgumentException("block size must be >= 1: " + size);
    this.size = size;
    this.free = free;
    this.candidates = candidates;
  }

  /** The real thing: candidates from the OS (port 0), a port is free if it can be bound on loopback now. */
  static PortBlocks onThisMachine(int size) {
    return new PortBlocks(size, PortBlocks::bindable, () -> {
      try {
        return Node.freePort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port from the OS", e);
      }
    });
  }

  /** The base of the next block of size free ports, none of them in an earlier block. */
  int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int base = candidates.getAsInt();
      if (fits(base)) {
        for (int p = base; p < base + size; p++) taken.add(p);
        return base;
      }
    }
    throw new IllegalStateException("no " + size + " consecutive free ports found in " + ATTEMPTS + " attempts");
  }

  private boolean fits(int base) {
    if (base <= 0 || base + size - 1 > MAX_PORT) return false;
    for (int p = base; p < base + size; p++) if (taken.contains(p) || !free.test(p)) return false;
    return true;
  }

  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
