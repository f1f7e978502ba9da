package org.symphony.edge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.symphony.edge.http.Json;
import org.symphony.engine.money.AmountParser;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.participant.CurrencyLimits;
import org.symphony.engine.participant.LimitProfile;
import org.symphony.engine.participant.ParticipantEvent;
import org.symphony.engine.participant.ParticipantView;
import org.symphony.engine.participant.PolicySnapshot;

/** Participants, limits and operator actions as the operator API writes and reads them. Amounts are decimal strings. */
final class ParticipantJson {

  private static final List<String> CAPS = List.of("maxSingle", "hourlyCap", "dailyCap", "netDebitCap");

  private ParticipantJson() {}

  static ObjectNode view(ParticipantView v) {
    ObjectNode body = Json.object();
    body.put("participantId", v.participantId());
    body.put("status", v.standing().name());
    body.put("policyVersion", v.policyVersion());
    body.put("lastSequenceId", v.lastSequenceId());
    body.put("openInstructions", v.openInstructions());
    body.set("limits", limits(v.limits()));
    ObjectNode positions = body.putObject("positions");
    v.positions().forEach((c, p) -> positions.putObject(c.name())
        .put("reserved", decimal(p.reservedMinor(), c))
        .put("committed", decimal(p.committedMinor(), c))
        .put("netDebit", decimal(p.netDebitMinor(), c))
        .put("hourlyUsage", decimal(p.hourlyUsageMinor(), c))
        .put("dailyUsage", decimal(p.dailyUsageMinor(), c)));
    body.put("asOf", v.asOf().toString());
    return body;
  }

  static ObjectNode limits(LimitProfile profile) {
    ObjectNode body = Json.object();
    for (Currency c : Currency.values()) {
      CurrencyLimits l = profile.limitsFor(c);
      if (l.isEmpty()) continue;
      ObjectNode node = body.putObject(c.name());
      cap(node, "maxSingle", l.maxSingleMinor(), c);
      cap(node, "hourlyCap", l.hourlyCapMinor(), c);
      cap(node, "dailyCap", l.dailyCapMinor(), c);
      cap(node, "netDebitCap", l.netDebitCapMinor(), c);
    }
    return body;
  }

  static ObjectNode action(ParticipantEvent.PolicyChanged e) {
    ObjectNode body = Json.object();
    body.put("action", e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
    body.put("by", e.by());
    body.put("reason", e.reason());
    body.put("at", e.at().toString());
    body.set("before", snapshot(e.before()));
    body.set("after", snapshot(e.after()));
    return body;
  }

  private static ObjectNode snapshot(PolicySnapshot s) {
    ObjectNode body = Json.object();
    body.put("status", s.standing().name());
    body.put("policyVersion", s.policyVersion());
    body.set("limits", limits(s.limits()));
    return body;
  }

  /** A limits document, or the problems with it (one per bad field). */
  record Parsed(LimitProfile profile, List<String> problems) {}

  /** {"ZMW": {"maxSingle": "5000.00", "hourlyCap": …, "dailyCap": …, "netDebitCap": …}}; absent or null = no cap. */
  static Parsed parseLimits(JsonNode json) {
    List<String> problems = new ArrayList<>();
    LimitProfile profile = LimitProfile.unlimited();
    if (json == null || !json.isObject()) return new Parsed(profile, List.of("limits must be an object keyed by currency"));
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      var currency = Currency.parse(entry.getKey());
      if (currency.isEmpty()) {
        problems.add("limits." + entry.getKey() + ": currency not supported");
        continue;
      }
      JsonNode caps = entry.getValue();
      if (!caps.isObject()) {
        problems.add("limits." + entry.getKey() + " must be an object");
        continue;
      }
      caps.fieldNames().forEachRemaining(name -> {
        if (!CAPS.contains(name)) problems.add("limits." + entry.getKey() + "." + name + ": unknown cap (one of " + CAPS + ")");
      });
      CurrencyLimits l = CurrencyLimits.NONE;
      l = read(caps, "maxSingle", currency.get(), problems, l, CurrencyLimits::withMaxSingleMinor);
      l = read(caps, "hourlyCap", currency.get(), problems, l, CurrencyLimits::withHourlyCapMinor);
      l = read(caps, "dailyCap", currency.get(), problems, l, CurrencyLimits::withDailyCapMinor);
      l = read(caps, "netDebitCap", currency.get(), problems, l, CurrencyLimits::withNetDebitCapMinor);
      profile = profile.with(currency.get(), l);
    }
    return new Parsed(profile, problems);
  }

  private static CurrencyLimits read(
      JsonNode caps, String name, Currency currency, List<String> problems, CurrencyLimits l,
      BiFunction<CurrencyLimits, Long, CurrencyLimits> set) {
    JsonNode value = caps.get(name);
    if (value == null || value.isNull()) return l;
    String where = "limits." + currency + "." + name;
    if (!value.isTextual()) {
      problems.add(where + " must be a decimal string, e.g. \"5000.00\"");
      return l;
    }
    if (value.textValue().equals("0") || value.textValue().matches("0(\\.0+)?")) return set.apply(l, 0L); // a cap of zero stops all
    var parsed = AmountParser.parse(value.textValue(), currency);
    if (parsed instanceof AmountParser.Parsed p) return set.apply(l, p.money().amountMinor());
    problems.add(where + ": " + ((AmountParser.Invalid) parsed).detail());
    return l;
  }

  private static void cap(ObjectNode node, String name, Long minor, Currency c) {
    if (minor != null) node.put(name, decimal(minor, c));
  }

  private static String decimal(long minor, Currency c) {
    return new Money(minor, c).toDecimalString();
  }
}
