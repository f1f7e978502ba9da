package org.symphony.node.guardian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The database keeper: restarts a dead embedded server with backoff, reports readiness, logs an outage per interval. */
class DatabaseKeeperTest {

  private final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = DEBUG")));
  private final ManualTime time = ManualTime.get(testKit.system());
  private final TestProbe<Object> probe = testKit.createTestProbe();

  private final DatabaseKeeperSettings settings = new DatabaseKeeperSettings(
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(30));

  private final ch.qos.logback.classic.Logger keeperLog =
      (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DatabaseKeeper.class);

  { keeperLog.setLevel(ch.qos.logback.classic.Level.INFO); } // its recovery line is INFO; the suite logs WARN and up

  @AfterEach
  void stop() {
    keeperLog.setLevel(null);
    testKit.shutdownTestKit();
  }

  /** An embedded server whose process dies and which starts again after {@code failedRestarts} refused restarts. */
  static final class FakeServer implements KeptDatabase {
    final AtomicBoolean processAlive = new AtomicBoolean(true);
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
    final boolean restartable;
    volatile int failedRestarts;

    FakeServer(boolean restartable) {
      this.restartable = restartable;
    }

    @Override
    public Optional<String> probeWritable(Duration timeout) {
      probes.incrementAndGet();
      return processAlive.get() ? Optional.empty() : Optional.of("Connection refused");
    }

    @Override
    public boolean restartable() {
      return restartable;
    }

    @Override
    public boolean serverProcessAlive() {
      return processAlive.get();
    }

    @Override
    public void restart() {
      restarts.incrementAndGet();
      if (failedRestarts-- > 0) throw new IllegalStateException("shared memory still in use");
      processAlive.set(true);
    }

    @Override
    public String describe() {
      return "fake";
    }
  }

  /** The keeper's clock follows manual time, so its log interval is measured on the same time line as its timers. */
  private Clock manualClock() {
    Instant start = Instant.parse("2026-12-03T12:00:00Z");
    return new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return start.plusNanos(elapsed.get()); }
    };
  }

  private final java.util.concurrent.atomic.AtomicLong elapsed = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Moves manual time on, then lets the keeper handle what fired (its next timer is set when it handles a check's
   * result, so the next step must not start before that).
   */
  private void advance(Duration d) {
    elapsed.addAndGet(d.toNanos());
    time.timePasses(d);
    probe.expectNoMessage(Duration.ofMillis(25));
  }

  private void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    probe.awaitAssert(() -> {
      assertTrue(condition.getAsBoolean(), what);
      return null;
    });
  }

  @Test
  void aDeadEmbeddedServerIsRestartedWithBackoffAndTheNodeIsReadyAgain() {
    FakeServer db = new FakeServer(true);
    NodeHealth health = new NodeHealth();
    testKit.spawn(DatabaseKeeper.create(db, settings, health, Runnable::run, manualClock()));
    awaitTrue(health::databaseWritable, "writable at start");

    db.processAlive.set(false);
    db.failedRestarts = 3;
    LoggingTestKit.error("is unavailable").expect(testKit.system(), () -> {
      advance(Duration.ofSeconds(1));
      return null;
    });
    awaitTrue(() -> !health.databaseWritable(), "not ready while down");
    assertEquals(1, db.restarts.get(), "a dead server is restarted at the first check");

    // Refused restarts back off: 500 ms, 1 s, 2 s, then the fourth restart works.
    advance(Duration.ofMillis(500));
    awaitTrue(() -> db.restarts.get() == 2, "second restart after 500 ms");
    advance(Duration.ofMillis(900));
    assertEquals(2, db.restarts.get(), "not before the doubled backoff");
    advance(Duration.ofMillis(100)); // third restart (refused) at 1 s
    awaitTrue(() -> db.restarts.get() == 3, "third restart after 1 s");
    LoggingTestKit.info("writable again").expect(testKit.system(), () -> {
      advance(Duration.ofSeconds(2)); // fourth restart works
      return null;
    });
    assertEquals(4, db.restarts.get());
    awaitTrue(health::databaseWritable, "ready again");
  }

  @Test
  void anOutageIsLoggedWhenItStartsThenOncePerIntervalNotPerCheck() {
    FakeServer db = new FakeServer(false); // external: probed, never restarted
    NodeHealth health = new NodeHealth();
    testKit.spawn(DatabaseKeeper.create(db, settings, health, Runnable::run, manualClock()));
    awaitTrue(health::databaseWritable, "writable at start");
    db.processAlive.set(false);

    LoggingTestKit.error("is unavailable").expect(testKit.system(), () -> {
      advance(Duration.ofSeconds(1));
      return null;
    });
    int probesAtStart = db.probes.get();
    // 25 s later: several checks (backing off to 4 s), no further line.
    LoggingTestKit.warn("still unavailable").withOccurrences(0).expect(testKit.system(), () -> {
      for (int i = 0; i < 25; i++) advance(Duration.ofSeconds(1));
      return null;
    });
    int checks = db.probes.get() - probesAtStart;
    assertTrue(checks >= 5 && checks <= 9, "checks back off to max-backoff (4 s): " + checks);
    LoggingTestKit.warn("still unavailable").expect(testKit.system(), () -> {
      for (int i = 0; i < 8; i++) advance(Duration.ofSeconds(1));
      return null;
    });
    assertEquals(0, db.restarts.get(), "an external database is never restarted by the node");
    assertFalse(health.databaseWritable());
  }
}
