package org.symphony.engine.rail;

import java.util.Optional;

/** Chooses the rail for a creditor and finds a rail again by the id recorded in an instruction's events. */
public interface RailDirectory {

  Optional<Rail> route(Creditor creditor);

  Optional<Rail> byId(String railId);
}
