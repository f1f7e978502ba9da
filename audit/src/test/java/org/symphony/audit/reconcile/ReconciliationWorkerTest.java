package org.symphony.audit.reconcile;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The worker runs on demand and on its timer, and a cycle that fails (the database down, say) restarts it with
 * backoff instead of stopping it: the next request is answered by a fresh incarnation.
 */
class ReconciliationWorkerTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final ReconciliationSettings QUICK = new ReconciliationSettings(
      Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 10, 5, Duration.ofSeconds(1),
      Duration.ofMillis(50), Duration.ofMillis(200), 1000, Duration.ofMinutes(1), 1000);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aFailingCycleRestartsTheWorkerWhichThenAnswers() {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger incarnations = new AtomicInteger();
    var worker = kit.spawn(ReconciliationWorker.create(() -> {
      incarnations.incrementAndGet();
      return () -> {
        if (runs.incrementAndGet() == 1) throw new java.sql.SQLException("database down");
        return report(runs.get());
      };
    }, QUICK, Runnable::run));
    var probe = kit.<CycleReport>createTestProbe();

    worker.tell(new ReconciliationWorker.RunNow(probe.ref()));
    probe.expectNoMessage(Duration.ofMillis(300)); // the failing cycle answers nobody
    worker.tell(new ReconciliationWorker.RunNow(probe.ref()));
    CycleReport answered = probe.receiveMessage(Duration.ofSeconds(5));
    assertEquals(2, answered.ghostsOpened(), "the second run answered");
    assertEquals(2, incarnations.get(), "restarted once, with a fresh cycle");
  }

  @Test
  void theTimerRunsCyclesWithoutBeingAsked() {
    AtomicInteger runs = new AtomicInteger();
    var settings = new ReconciliationSettings(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
        10, 5, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(200), 1000, Duration.ofMinutes(1), 1000);
    kit.spawn(ReconciliationWorker.create(() -> () -> report(runs.incrementAndGet()), settings, Runnable::run));
    var probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(runs.get() >= 3, "cycles run: " + runs.get());
      return null;
    });
  }

  private static CycleReport report(int n) {
    return new CycleReport(Instant.EPOCH, 0, 0, n, 0, 0, 0, 0, 0, 0);
  }
}
