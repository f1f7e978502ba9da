package org.symphony.rails;

import com.typesafe.config.Config;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.symphony.engine.rail.Creditor;

/**
 * Which rail serves a creditor, as configuration (symphony.rails.routing): mobile numbers by their
 * longest matching prefix, bank accounts to the RTGS. A creditor no rule matches is not connected.
 */
public record RoutingTable(List<PrefixRoute> msisdnPrefixes, String bankAccountRail) {

  /** E.g. "+26096" → "mtn-momo". */
  public record PrefixRoute(String prefix, String railId) {
    public PrefixRoute {
      if (prefix == null || !prefix.matches("^\\+[0-9]{1,14}$")) throw new IllegalArgumentException("not an E.164 prefix: " + prefix);
      if (railId == null || railId.isBlank()) throw new IllegalArgumentException("rail id missing for " + prefix);
    }
  }

  public RoutingTable {
    // Longest prefix first, so that a more specific rule always wins.
    msisdnPrefixes = msisdnPrefixes.stream()
        .sorted(Comparator.comparingInt((PrefixRoute r) -> r.prefix().length()).reversed())
        .toList();
    if (msisdnPrefixes.stream().map(PrefixRoute::prefix).distinct().count() != msisdnPrefixes.size())
      throw new IllegalArgumentException("a prefix is routed twice: " + msisdnPrefixes);
    Objects.requireNonNull(bankAccountRail, "bankAccountRail");
  }

  public static RoutingTable fromConfig(Config root) {
    Config c = root.getConfig("symphony.rails.routing");
    List<PrefixRoute> prefixes =
        c.getConfigList("msisdn-prefixes").stream().map(r -> new PrefixRoute(r.getString("prefix"), r.getString("rail"))).toList();
    return new RoutingTable(prefixes, c.getString("bank-accounts"));
  }

  public Optional<String> railFor(Creditor creditor) {
    if (creditor instanceof Creditor.BankAccount) return bankAccountRail.isBlank() ? Optional.empty() : Optional.of(bankAccountRail);
    if (creditor instanceof Creditor.MobileWallet wallet)
      return msisdnPrefixes.stream().filter(r -> wallet.msisdn().startsWith(r.prefix())).map(PrefixRoute::railId).findFirst();
    return Optional.empty();
  }

  /**
   * The table without rules for rails this node does not run (those creditors become not connected);
   * the dropped rules are returned to be logged, so a disabled rail is visible at start.
   */
  public RoutingTable onlyFor(java.util.Set<String> railIds, java.util.function.Consumer<String> dropped) {
    List<PrefixRoute> kept = new java.util.ArrayList<>();
    for (PrefixRoute r : msisdnPrefixes) {
      if (railIds.contains(r.railId())) kept.add(r);
      else dropped.accept(r.prefix() + " -> " + r.railId());
    }
    String bank = bankAccountRail;
    if (!bank.isBlank() && !railIds.contains(bank)) {
      dropped.accept("bank accounts -> " + bank);
      bank = "";
    }
    return new RoutingTable(kept, bank);
  }

  /** Every rail id the table names, to check against the rails a node actually has. */
  public List<String> railIds() {
    var ids = new java.util.LinkedHashSet<String>();
    msisdnPrefixes.forEach(r -> ids.add(r.railId()));
    if (!bankAccountRail.isBlank()) ids.add(bankAccountRail);
    return List.copyOf(ids);
  }
}
