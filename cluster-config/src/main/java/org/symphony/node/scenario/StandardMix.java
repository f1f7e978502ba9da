package org.symphony.node.scenario;

import com.typesafe.config.Config;
import java.util.List;

/**
 * What the standard scenario is made of (symphony.scenario.standard): the shares of double taps, invalid bodies and
 * over-limit instructions, the amounts, the single-payment cap it sets, and the ranges its fault plan is drawn from.
 */
public record StandardMix(
    double doubleTapShare,
    double invalidShare,
    double overLimitShare,
    double usdShareOfRtgs,
    long minAmountMinor,
    long maxAmountMinor,
    long singleCapMinor,
    FaultRange failureRate5xx,
    FaultRange dropAfterExecuteRate,
    FaultRange malformedRate,
    FaultRange ambiguousRate,
    FaultRange latencyMs) {

  public StandardMix {
    if (doubleTapShare < 0 || invalidShare < 0 || overLimitShare < 0 || doubleTapShare + invalidShare + overLimitShare > 1)
      throw new IllegalArgumentException("shares must be >= 0 and add up to at most 1");
    if (!(usdShareOfRtgs >= 0 && usdShareOfRtgs <= 1)) throw new IllegalArgumentException("usd-share-of-rtgs must be in [0, 1]");
    if (minAmountMinor < 1 || maxAmountMinor < minAmountMinor) throw new IllegalArgumentException("amounts must be 1 <= min <= max");
    if (singleCapMinor <= maxAmountMinor)
      throw new IllegalArgumentException("the single cap must be above the largest normal amount, or normal instructions exceed it");
  }

  public static StandardMix fromConfig(Config root) {
    Config c = root.getConfig("symphony.scenario.standard");
    Config f = c.getConfig("faults");
    return new StandardMix(
        c.getDouble("double-tap-share"),
        c.getDouble("invalid-share"),
        c.getDouble("over-limit-share"),
        c.getDouble("usd-share-of-rtgs"),
        c.getLong("min-amount-minor"),
        c.getLong("max-amount-minor"),
        c.getLong("single-cap-minor"),
        range(f, "failure-rate-5xx"),
        range(f, "drop-after-execute-rate"),
        range(f, "malformed-rate"),
        range(f, "ambiguous-rate"),
        range(f, "latency-ms"));
  }

  private static FaultRange range(Config c, String path) {
    List<Double> bounds = c.getDoubleList(path);
    if (bounds.size() != 2) throw new IllegalArgumentException("symphony.scenario.standard.faults." + path + " must be [min, max]");
    return new FaultRange(bounds.get(0), bounds.get(1));
  }
}
