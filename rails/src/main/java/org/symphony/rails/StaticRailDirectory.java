package org.symphony.rails;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.Rail;
import org.symphony.engine.rail.RailDirectory;

/**
 * The simplest routing: every mobile wallet goes to one rail. Other rails are only looked up by id
 * (an instruction's events name the rail it was dispatched to, which must stay findable).
 */
public final class StaticRailDirectory implements RailDirectory {

  private final Rail mobileWalletRail;
  private final Map<String, Rail> railsById;

  private StaticRailDirectory(Rail mobileWalletRail, Map<String, Rail> railsById) {
    this.mobileWalletRail = mobileWalletRail;
    this.railsById = Map.copyOf(railsById);
  }

  /** Routes every {@link Creditor.MobileWallet} to {@code mobileWalletRail}; {@code others} are known by id only. */
  public static StaticRailDirectory mobileWalletsTo(Rail mobileWalletRail, Rail... others) {
    Objects.requireNonNull(mobileWalletRail, "mobileWalletRail");
    Map<String, Rail> byId = new LinkedHashMap<>();
    byId.put(mobileWalletRail.id(), mobileWalletRail);
    for (Rail rail : others) {
      Rail previous = byId.putIfAbsent(rail.id(), rail);
      if (previous != null && previous != rail)
        throw new IllegalArgumentException("two different rails with id " + rail.id());
    }
    return new StaticRailDirectory(mobileWalletRail, byId);
  }

  @Override
  public Optional<Rail> route(Creditor creditor) {
    return creditor instanceof Creditor.MobileWallet ? Optional.of(mobileWalletRail) : Optional.empty();
  }

  @Override
  public Optional<Rail> byId(String railId) {
    return railId == null ? Optional.empty() : Optional.ofNullable(railsById.get(railId));
  }
}
