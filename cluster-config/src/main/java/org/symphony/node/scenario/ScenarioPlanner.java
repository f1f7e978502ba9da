package org.symphony.node.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.symphony.engine.instruction.InstructionId;

/**
 * The standard scenario's plan as a pure function of its inputs: the same seed, count, participants, fault mode and
 * run tag give the same plan, value for value. The run tag only names the Idempotency-Keys (so that a second run on
 * the same node sends new instructions instead of replays); it takes no part in any random choice.
 */
public final class ScenarioPlanner {

  public static final String STANDARD = "standard";
  /** Invalid bodies the edge refuses with 400, one of which each invalid instruction sends. */
  private static final int INVALID_VARIANTS = 5;

  private ScenarioPlanner() {}

  public static ScenarioPlan standard(
      long seed, int instructions, List<String> participants, FaultMode faults, String runTag, StandardMix mix) {
    if (instructions < 1) throw new IllegalArgumentException("instructions must be at least 1");
    if (participants.isEmpty()) throw new IllegalArgumentException("at least one participant");
    if (!runTag.matches("[A-Za-z0-9]{1,40}")) throw new IllegalArgumentException("run tag must be 1-40 letters or digits");
    SplittableRandom random = new SplittableRandom(seed);
    // Drawn first and from their own stream, so that the instructions do not depend on the fault mode.
    FaultPlan faultPlan = faultPlan(faults, random.split(), mix);
    List<PlannedInstruction> plan = new ArrayList<>(instructions);
    for (int i = 0; i < instructions; i++) plan.add(instruction(i, random, participants, runTag, mix));
    return new ScenarioPlan(STANDARD, seed, runTag, participants, mix.singleCapMinor(), faultPlan, plan);
  }

  private static PlannedInstruction instruction(int i, SplittableRandom random, List<String> participants, String runTag, StandardMix mix) {
    // Every instruction draws the same values in the same order, whatever its kind: one change of share moves
    // instructions between kinds without reshuffling everything after them.
    String participant = participants.get(random.nextInt(participants.size()));
    double kindDraw = random.nextDouble();
    String rail = Rails.ALL.get(random.nextInt(Rails.ALL.size()));
    boolean usd = random.nextDouble() < mix.usdShareOfRtgs();
    long normalAmount = random.nextLong(mix.minAmountMinor(), mix.maxAmountMinor() + 1);
    long overAmount = mix.singleCapMinor() + 1 + random.nextLong(mix.singleCapMinor());
    int payee = random.nextInt(1_000_000);
    int invalidVariant = random.nextInt(INVALID_VARIANTS);

    InstructionKind kind = kindDraw < mix.invalidShare() ? InstructionKind.INVALID
        : kindDraw < mix.invalidShare() + mix.overLimitShare() ? InstructionKind.OVER_LIMIT
        : kindDraw < mix.invalidShare() + mix.overLimitShare() + mix.doubleTapShare() ? InstructionKind.DOUBLE_TAP
        : InstructionKind.NORMAL;
    // Caps are set in ZMW; USD goes by bank account only (the mobile rails pay in ZMW).
    String currency = Rails.RTGS.equals(rail) && usd && kind != InstructionKind.OVER_LIMIT ? "USD" : "ZMW";
    long amountMinor = kind == InstructionKind.OVER_LIMIT ? overAmount : normalAmount;
    String key = "scn-" + runTag + "-" + i;
    String reference = "SCN" + runTag + "N" + i;
    String body = kind == InstructionKind.INVALID
        ? invalidBody(invalidVariant, rail, payee, reference)
        : body(amountMinor, currency, creditor(rail, payee), reference);
    return new PlannedInstruction(i, participant, key, kind, rail, currency, amountMinor, body, InstructionId.derive(participant, key));
  }

  /** A creditor the default routing table sends to {@code rail}; never one of the simulators' refused payees. */
  static String creditor(String rail, int payee) {
    return switch (rail) {
      case Rails.MTN -> "{\"msisdn\":\"+26096" + String.format(Locale.ROOT, "%06d", payee) + "1\"}";
      case Rails.AIRTEL -> "{\"msisdn\":\"+26077" + String.format(Locale.ROOT, "%06d", payee) + "3\"}";
      default -> "{\"bic\":\"ZNCOZMLU\",\"account\":\"01" + String.format(Locale.ROOT, "%08d", payee) + "\",\"name\":\"Payee " + payee + "\"}";
    };
  }

  private static String body(long amountMinor, String currency, String creditor, String reference) {
    return "{\"amount\":{\"value\":\"" + decimal(amountMinor) + "\",\"currency\":\"" + currency + "\"},\"creditor\":" + creditor
        + ",\"reference\":\"" + reference + "\"}";
  }

  /** Each refused by the edge's validation with 400 (and attested as such). */
  private static String invalidBody(int variant, String rail, int payee, String reference) {
    return switch (variant) {
      case 0 -> body(0, "ZMW", creditor(rail, payee), reference).replace("\"0.00\"", "\"12.345\""); // too precise
      case 1 -> "{\"amount\":{\"value\":\"10.00\",\"currency\":\"XXX\"},\"creditor\":" + creditor(rail, payee) + ",\"reference\":\"" + reference + "\"}";
      case 2 -> "{\"amount\":{\"value\":\"10.00\",\"currency\":\"ZMW\"},\"reference\":\"" + reference + "\"}"; // no creditor
      case 3 -> "{\"amount\":{\"value\":\"10.00\",\"currency\":\"ZMW\"},\"creditor\":{\"msisdn\":\"not-a-number\"},\"reference\":\"" + reference + "\"}";
      default -> "{\"amount\":{\"value\":\"10.00\",\"currency\":\"ZMW\"},\"creditor\":"; // cut off
    };
  }

  private static FaultPlan faultPlan(FaultMode mode, SplittableRandom random, StandardMix mix) {
    Map<String, Map<String, Number>> byRail = new LinkedHashMap<>();
    if (mode == FaultMode.NONE) return new FaultPlan(mode, byRail);
    for (String rail : Rails.ALL) {
      Map<String, Number> f = new LinkedHashMap<>();
      f.put("failureRate5xx", rate(random, mix.failureRate5xx()));
      f.put("dropResponseAfterExecuteRate", rate(random, mix.dropAfterExecuteRate()));
      f.put("latencyMs", Math.round(mix.latencyMs().min() + random.nextDouble() * (mix.latencyMs().max() - mix.latencyMs().min())));
      double malformed = rate(random, mix.malformedRate());
      double ambiguous = rate(random, mix.ambiguousRate());
      double ambiguousEnquiry = rate(random, mix.ambiguousRate());
      // Only what each simulator supports (see its SimFaults record).
      if (!Rails.MTN.equals(rail)) f.put("malformedResponseRate", malformed);
      if (Rails.AIRTEL.equals(rail)) {
        f.put("ambiguousAfterExecuteRate", ambiguous);
        f.put("ambiguousEnquiryRate", ambiguousEnquiry);
      }
      byRail.put(rail, f);
    }
    return new FaultPlan(mode, byRail);
  }

  /** Rounded to 1/1000, so the plan reads (and logs) as it is set. */
  private static double rate(SplittableRandom random, FaultRange range) {
    return Math.round((range.min() + random.nextDouble() * (range.max() - range.min())) * 1000) / 1000.0;
  }

  static String decimal(long minor) {
    return (minor / 100) + "." + String.format(Locale.ROOT, "%02d", minor % 100);
  }
}
