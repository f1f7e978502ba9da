package org.symphony.rails.sim;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Where a simulator's random faults come from: one seeded generator per simulator. The seed is logged when the
 * simulator starts and shown by {@code GET /sim/admin/faults}. Started again with that seed
 * ({@code symphony.rails.simulator.fault-seed}), a simulator draws the same sequence, so a failed soak can be
 * replayed: the same decisions for the same requests when they arrive one at a time, the same sequence of draws
 * under concurrency.
 */
public final class FaultDice {

  private final long seed;
  private final Random random;

  private FaultDice(long seed, String rail) {
    this.seed = seed;
    CRC32 crc = new CRC32();
    crc.update(rail.getBytes(StandardCharsets.UTF_8));
    // the rail mixed in: simulators started with one seed do not share their sequence
    this.random = new Random(seed ^ (crc.getValue() << 21));
  }

  /** Where the seed is configured, for every simulator of a process (0: a fresh one each start). */
  public static final String SEED_PATH = "symphony.rails.simulator.fault-seed";

  /** The die of one rail's simulator, seeded from {@value #SEED_PATH} in the actor system's configuration. */
  public static FaultDice forRail(String rail, com.typesafe.config.Config config) {
    return forRail(rail, config.hasPath(SEED_PATH) ? config.getLong(SEED_PATH) : 0);
  }

  /** The die of one rail's simulator: the configured seed, or a fresh one when it is 0. */
  public static FaultDice forRail(String rail, long configuredSeed) {
    long seed = configuredSeed;
    while (seed == 0) seed = new SecureRandom().nextLong();
    return new FaultDice(seed, rail);
  }

  /** True with probability {@code rate} (never for 0, always for 1). */
  public boolean roll(double rate) {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return random.nextDouble() < rate;
  }

  /** The seed that replays this simulator's faults. */
  public long seed() {
    return seed;
  }
}
