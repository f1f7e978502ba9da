package org.symphony.node;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The node's attestation gap (INV-GAP) as a test waits for it: only once the grace period is over can it count. */
final class AttestationGap {

  private AttestationGap() {}

  /**
   * Waits until every attestation made so far is older than the gap grace period, then polls the gap until it is 0
   * or the bound passes (reconciliation may still be closing some); returns the last count.
   */
  static long afterGrace(SymphonyNode node, Duration bound) throws Exception {
    Duration grace = ConfigFactory.defaultReference().getDuration("symphony.audit.gap.grace");
    long now = System.nanoTime();
    long countable = now + grace.toNanos();
    long end = countable + bound.toNanos();
    long gap = node.audit().gaps().count();
    while (System.nanoTime() < countable || (gap != 0 && System.nanoTime() < end)) {
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      gap = node.audit().gaps().count();
    }
    return gap;
  }
}
