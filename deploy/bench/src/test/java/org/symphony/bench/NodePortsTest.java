package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class NodePortsTest {

  private final Node.Ports base = new Node.Ports(40_000, 41_000, 42_000, 43_000, 44_000);

  @Test
  void nodeOneListensOnTheBasePorts() {
    assertEquals(base, base.node(1));
  }

  @Test
  void nodeIListensOnEachBasePortPlusIMinusOneAsLocalClusterRunGivesThem() {
    Node.Ports third = base.node(3);
    assertEquals(40_002, third.edge());
    assertEquals(41_002, third.management());
    assertEquals(43_002, third.remote());
    assertEquals(44_002, third.metrics());
    assertEquals(42_000, third.mtnSim(), "the simulators are node 1's");
  }

  @Test
  void nodesAreNumberedFromOne() {
    assertThrows(IllegalArgumentException.class, () -> base.node(0));
  }
}
