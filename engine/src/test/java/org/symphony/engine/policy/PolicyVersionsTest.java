package org.symphony.engine.policy;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symphony.engine.participant.Standing;

/** Policy versions replicated between two nodes (two actor systems in one JVM): a higher version always wins. */
class PolicyVersionsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Config CLUSTER =
      ConfigFactory.parseString(
              """
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical.hostname = "127.0.0.1"
              pekko.remote.artery.canonical.port = 0
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              # Faster than the defaults so that the test reads what gossip and subscribers deliver sooner.
              pekko.cluster.distributed-data.gossip-interval = 200ms
              pekko.cluster.distributed-data.notify-subscribers-interval = 100ms
              """)
          .withFallback(ConfigFactory.load());
  private static final PolicySettings SETTINGS = new PolicySettings(100, Duration.ofSeconds(2));

  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;
  private static PolicyVersions onA;
  private static PolicyVersions onB;

  @BeforeAll
  static void formCluster() {
    nodeA = ActorTestKit.create("PolicyVersionsTest", CLUSTER);
    nodeB = ActorTestKit.create("PolicyVersionsTest", CLUSTER);
    Address seed = Cluster.get(nodeA.system()).selfMember().address();
    Cluster.get(nodeA.system()).manager().tell(Join.create(seed));
    Cluster.get(nodeB.system()).manager().tell(Join.create(seed));
    nodeA.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(2, upMembers(nodeA));
      assertEquals(2, upMembers(nodeB));
      return null;
    });
    onA = PolicyVersions.start(nodeA.system(), SETTINGS);
    onB = PolicyVersions.start(nodeB.system(), SETTINGS);
  }

  @AfterAll
  static void shutdown() {
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  @Test
  void aVersionPublishedOnOneNodeIsSeenOnTheOther() {
    onA.publish("bank-seen", 2, Standing.SUSPENDED);
    assertEquals(OptionalLong.of(2), onA.currentVersion("bank-seen"), "read-your-writes on the publishing node");
    awaitStamp(onB, "bank-seen", new PolicyStamp(2, Standing.SUSPENDED));
    assertEquals(OptionalLong.empty(), onB.currentVersion("bank-never-published"));
  }

  @Test
  void aLowerVersionPublishedLaterNeverOverwritesAHigherOne() {
    onA.publish("bank-lower", 5, Standing.SUSPENDED);
    awaitStamp(onB, "bank-lower", new PolicyStamp(5, Standing.SUSPENDED));

    onB.publish("bank-lower", 4, Standing.ACTIVE); // e.g. a node re-announcing what it recovered late
    onA.publish("bank-lower", 3, Standing.ACTIVE);
    assertEquals(Optional.of(new PolicyStamp(5, Standing.SUSPENDED)), onB.current("bank-lower"));

    // Each node's later write has reached the other once its marker has: same map, written in order.
    onB.publish("marker-from-b", 1, Standing.ACTIVE);
    onA.publish("marker-from-a", 1, Standing.ACTIVE);
    awaitStamp(onA, "marker-from-b", new PolicyStamp(1, Standing.ACTIVE));
    awaitStamp(onB, "marker-from-a", new PolicyStamp(1, Standing.ACTIVE));
    assertEquals(Optional.of(new PolicyStamp(5, Standing.SUSPENDED)), onA.current("bank-lower"));
    assertEquals(Optional.of(new PolicyStamp(5, Standing.SUSPENDED)), onB.current("bank-lower"));
  }

  @Test
  void concurrentWritesOnBothNodesConvergeOnTheHigherVersion() {
    onA.publish("bank-race", 8, Standing.SUSPENDED);
    onB.publish("bank-race", 7, Standing.ACTIVE);
    awaitStamp(onA, "bank-race", new PolicyStamp(8, Standing.SUSPENDED));
    awaitStamp(onB, "bank-race", new PolicyStamp(8, Standing.SUSPENDED));
  }

  @Test
  void replicasMergeToTheHigherVersionWhicheverWasWrittenLast() {
    var n1 = new SelfUniqueAddress(new UniqueAddress(new Address("pekko", "s", "10.0.0.1", 7355), 1L));
    var n2 = new SelfUniqueAddress(new UniqueAddress(new Address("pekko", "s", "10.0.0.2", 7355), 2L));
    LWWMap<String, PolicyStamp> high = PolicyVersions.putIfHigher(LWWMap.empty(), n1, "p", new PolicyStamp(3, Standing.SUSPENDED));
    LWWMap<String, PolicyStamp> low = PolicyVersions.putIfHigher(LWWMap.empty(), n2, "p", new PolicyStamp(2, Standing.ACTIVE));
    assertEquals(new PolicyStamp(3, Standing.SUSPENDED), high.merge(low).get("p").get());
    assertEquals(new PolicyStamp(3, Standing.SUSPENDED), low.merge(high).get("p").get());
    // A later local put of a lower version leaves the map as it was.
    assertSame(high, PolicyVersions.putIfHigher(high, n2, "p", new PolicyStamp(2, Standing.ACTIVE)));
    assertEquals(
        new PolicyStamp(4, Standing.ACTIVE),
        PolicyVersions.putIfHigher(high, n2, "p", new PolicyStamp(4, Standing.ACTIVE)).merge(high).get("p").get());
  }

  @Test
  void participantsBeyondTheBoundAreRefusedWhileKnownOnesStillUpdate() {
    ActorTestKit single = ActorTestKit.create("PolicyVersionsBound", CLUSTER);
    try {
      Cluster cluster = Cluster.get(single.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      var bounded = PolicyVersions.start(single.system(), new PolicySettings(2, Duration.ofSeconds(2)));
      bounded.publish("p1", 1, Standing.ACTIVE);
      bounded.publish("p2", 1, Standing.ACTIVE);
      bounded.publish("p3", 1, Standing.ACTIVE);
      bounded.publish("p1", 2, Standing.SUSPENDED);
      assertEquals(OptionalLong.empty(), bounded.currentVersion("p3"));
      assertEquals(OptionalLong.of(2), bounded.currentVersion("p1"));
    } finally {
      single.shutdownTestKit();
    }
  }

  private static void awaitStamp(PolicyVersions on, String participantId, PolicyStamp expected) {
    nodeA.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(Optional.of(expected), on.current(participantId));
      return null;
    });
  }

  private static long upMembers(ActorTestKit node) {
    return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }
}
