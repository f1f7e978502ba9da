package org.symphony.rails;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;

/** The circuit opens under failure, spares the rail while open, and closes after recovery. */
class CircuitBreakingRailTest {

  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void opensUnderFailureSparesTheRailAndClosesAfterRecovery() {
    var calls = new AtomicInteger();
    var answer = new AtomicReference<RailResult>(new RailResult.Unknown("503"));
    Rail flaky = new Rail() {
      public String id() { return "flaky"; }
      public CompletionStage<RailResult> dispatch(RailTransfer t) { calls.incrementAndGet(); return CompletableFuture.completedFuture(answer.get()); }
      public CompletionStage<RailResult> status(RailKey k) { calls.incrementAndGet(); return CompletableFuture.completedFuture(answer.get()); }
    };
    var rail = new CircuitBreakingRail(kit.system(), flaky, new CircuitBreakingRail.Settings(3, Duration.ofSeconds(5), Duration.ofMillis(300)));
    RailKey key = RailKey.forInstruction("i");

    for (int i = 0; i < 3; i++) assertInstanceOf(RailResult.Unknown.class, join(rail.status(key)));
    assertTrue(rail.isOpen(), "three uninformative answers in a row open the circuit");

    var refused = (RailResult.Unknown) join(rail.status(key));
    assertTrue(refused.reason().startsWith(CircuitBreakingRail.CIRCUIT_OPEN), refused.reason());
    assertEquals(3, calls.get(), "while open, the rail is not called");

    answer.set(new RailResult.NotFound()); // the rail answers again (a healthy "not found")
    var probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertInstanceOf(RailResult.NotFound.class, join(rail.status(key)));
      return null;
    });
    assertTrue(rail.isClosed(), "a good trial call closes the circuit");
  }

  @Test
  void refusalsAreHealthyAnswersAndNeverOpenTheCircuit() {
    Rail refusing = new Rail() {
      public String id() { return "refusing"; }
      public CompletionStage<RailResult> dispatch(RailTransfer t) { return CompletableFuture.completedFuture(new RailResult.Declined("PAYEE_NOT_FOUND", "no")); }
      public CompletionStage<RailResult> status(RailKey k) { return CompletableFuture.completedFuture(new RailResult.Declined("PAYEE_NOT_FOUND", "no")); }
    };
    var rail = new CircuitBreakingRail(kit.system(), refusing, new CircuitBreakingRail.Settings(2, Duration.ofSeconds(5), Duration.ofSeconds(10)));
    for (int i = 0; i < 10; i++) assertInstanceOf(RailResult.Declined.class, join(rail.status(RailKey.forInstruction("x" + i))));
    assertTrue(rail.isClosed());
  }

  private static RailResult join(CompletionStage<RailResult> stage) {
    return stage.toCompletableFuture().join();
  }
}
