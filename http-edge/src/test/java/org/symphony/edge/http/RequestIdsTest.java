package org.symphony.edge.http;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Fresh request ids are well-formed v4 UUIDs (what a caller may send back) and do not repeat. */
class RequestIdsTest {

  @Test
  void freshIdsAreVersion4UuidsThatTheEdgeWouldAcceptFromACallerAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.fresh();
      UUID uuid = UUID.fromString(id);
      assertEquals(4, uuid.version(), id);
      assertEquals(2, uuid.variant(), id);
      assertTrue(id.matches("^[A-Za-z0-9._:-]{1,128}$"), "well-formed for the echo rule: " + id);
      assertTrue(seen.add(id), "repeated: " + id);
    }
  }
}
