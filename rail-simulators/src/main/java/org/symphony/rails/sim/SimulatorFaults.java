package org.symphony.rails.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A simulator's fault settings: shown by {@code GET /sim/admin/faults}, patched by {@code POST}. */
public interface SimulatorFaults<F extends SimulatorFaults<F>> {

  /** This with the faults the patch names replaced; IllegalArgumentException for a bad patch. */
  F patchedWith(JsonNode patch);

  ObjectNode toJson();
}
