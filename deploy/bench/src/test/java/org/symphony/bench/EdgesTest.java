package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EdgesTest {

  @Test
  void oneEdgeTakesEverything() {
    for (long s = 0; s < 10; s++) assertEquals(0, Edges.index(s, 1));
  }

  @Test
  void requestsAreSpreadEvenlyAndEveryEdgeGetsBothRails() {
    for (int edges = 2; edges <= 4; edges++) {
      int[][] byEdgeAndParity = new int[edges][2];
      int requests = 1200;
      for (long s = 0; s < requests; s++) byEdgeAndParity[Edges.index(s, edges)][(int) (s % 2)]++;
      for (int e = 0; e < edges; e++) {
        assertEquals(requests / edges, byEdgeAndParity[e][0] + byEdgeAndParity[e][1], "edge " + e + " of " + edges);
        assertEquals(byEdgeAndParity[e][0], byEdgeAndParity[e][1], "edge " + e + " of " + edges + " gets MTN and Airtel alike");
      }
    }
  }
}
