package org.symphony.rails;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailDirectory;

/**
 * The engine's rail directory over a routing table and the node's rails. Rails stay findable by id even
 * if no rule routes to them any more: an instruction's events name the rail it was dispatched to.
 */
public final class RoutedRailDirectory implements RailDirectory {

  private final RoutingTable table;
  private final Map<String, Rail> railsById;

  public RoutedRailDirectory(RoutingTable table, Collection<Rail> rails) {
    this.table = table;
    Map<String, Rail> byId = new LinkedHashMap<>();
    for (Rail rail : rails) {
      Rail previous = byId.putIfAbsent(rail.id(), rail);
      if (previous != null && previous != rail) throw new IllegalArgumentException("two different rails with id " + rail.id());
    }
    for (String id : table.railIds())
      if (!byId.containsKey(id)) throw new IllegalArgumentException("routing names rail '" + id + "' but this node has " + byId.keySet());
    this.railsById = Map.copyOf(byId);
  }

  @Override
  public Optional<Rail> route(Creditor creditor) {
    return table.railFor(creditor).map(railsById::get);
  }

  @Override
  public Optional<Rail> byId(String railId) {
    return railId == null ? Optional.empty() : Optional.ofNullable(railsById.get(railId));
  }
}
