package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortBlocksTest {

  private static PortBlocks blocks(int size, Set<Integer> busy, List<Integer> candidates) {
    Iterator<Integer> next = candidates.iterator();
    return new PortBlocks(size, p -> !busy.contains(p), next::next);
  }

  @Test
  void aCandidateIsSkippedWhenAnyPortOfItsBlockIsBusy() {
    PortBlocks b = blocks(3, Set.of(40_002), List.of(40_000, 41_000));
    assertEquals(41_000, b.next(), "40,002 is busy, so 40,000 cannot start a block of 3");
  }

  @Test
  void blocksNeverOverlap() {
    PortBlocks b = blocks(2, Set.of(), List.of(40_000, 40_001, 40_000, 40_002));
    assertEquals(40_000, b.next());
    assertEquals(40_002, b.next(), "40,001 and 40,000 belong to the first block");
  }

  @Test
  void aBlockPastTheLastPortIsNotAFit() {
    PortBlocks b = blocks(2, Set.of(), List.of(65_535, 50_000));
    assertEquals(50_000, b.next());
  }

  @Test
  void theSearchIsBounded() {
    PortBlocks b = new PortBlocks(2, p -> false, () -> 40_000);
    assertThrows(IllegalStateException.class, b::next);
  }

  @Test
  void onThisMachineTheBasesOfATwoNodeClusterHaveTwoFreePortsEach() {
    Node.Ports base = Node.Ports.free(2);
    List<Integer> all = List.of(base.edge(), base.edge() + 1, base.management(), base.management() + 1, base.remote(), base.remote() + 1,
        base.metrics(), base.metrics() + 1, base.mtnSim(), base.mtnSim() + 1);
    assertEquals(all.size(), Set.copyOf(all).size(), "no port is in two blocks: " + all);
    all.forEach(p -> assertTrue(PortBlocks.bindable(p), "port " + p + " is free"));
  }
}
