package org.symphony.node.guardian;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guardian's two strategies: a failing child restarts after its backoff; an unsafe one stops the node. */
class NodeGuardianTest {

  private final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.parseString("pekko.loglevel = INFO")));
  private final ManualTime time = ManualTime.get(testKit.system());

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private enum Fail { INSTANCE }

  /** Reports each start to {@code starts}, and fails when told to. */
  private static Behavior<Fail> failing(ActorRef<String> starts) {
    return Behaviors.setup(context -> {
      starts.tell("started");
      return Behaviors.receive(Fail.class)
          .onMessageEquals(Fail.INSTANCE, () -> {
            throw new IllegalStateException("boom");
          })
          .build();
    });
  }

  @SuppressWarnings("unchecked")
  private ActorRef<Fail> spawn(ActorRef<NodeGuardian.Command> guardian, GuardedChild child) {
    TestProbe<ActorRef<?>> reply = testKit.createTestProbe();
    guardian.tell(new NodeGuardian.Spawn(child, reply.getRef()));
    return (ActorRef<Fail>) reply.receiveMessage();
  }

  @Test
  void aFailingChildRestartsAfterItsBackoffNotBefore() {
    AtomicReference<String> stopped = new AtomicReference<>();
    var guardian = testKit.spawn(NodeGuardian.create((system, reason) -> stopped.set(reason)));
    TestProbe<String> starts = testKit.createTestProbe();
    var strategy = new ChildStrategy.RestartWithBackoff(Duration.ofSeconds(2), Duration.ofSeconds(8), 0.0);
    ActorRef<Fail> child = spawn(guardian, new GuardedChild("keeper", failing(starts.getRef()), strategy));
    starts.expectMessage("started");

    child.tell(Fail.INSTANCE);
    time.expectNoMessageFor(Duration.ofMillis(1900), starts); // not before min-backoff
    time.timePasses(Duration.ofMillis(200));
    starts.expectMessage("started");

    child.tell(Fail.INSTANCE); // the second failure in a row waits twice as long
    time.expectNoMessageFor(Duration.ofMillis(3900), starts);
    time.timePasses(Duration.ofMillis(200));
    starts.expectMessage("started");
    assertTrue(stopped.get() == null, "a restartable child never stops the node");
  }

  @Test
  void anUnsafeChildThatFailsStopsTheNodeWithOneClearLine() {
    AtomicReference<String> stopped = new AtomicReference<>();
    var guardian = testKit.spawn(NodeGuardian.create((system, reason) -> stopped.set(reason)));
    TestProbe<String> starts = testKit.createTestProbe();
    ActorRef<Fail> child = spawn(guardian,
        new GuardedChild("attestation", failing(starts.getRef()), new ChildStrategy.StopNode("requests could not be attested")));
    starts.expectMessage("started");

    LoggingTestKit.error("node part 'attestation' failed: boom; stopping the node because requests could not be attested")
        .expect(testKit.system(), () -> {
          child.tell(Fail.INSTANCE);
          return null;
        });
    testKit.createTestProbe().awaitAssert(() -> {
      assertTrue(stopped.get() != null && stopped.get().contains("'attestation'"), "the node was told to stop: " + stopped.get());
      return null;
    });
    starts.expectNoMessage(Duration.ofMillis(100)); // not restarted
  }
}
