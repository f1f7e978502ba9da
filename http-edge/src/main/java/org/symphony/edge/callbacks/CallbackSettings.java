package org.symphony.edge.callbacks;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code symphony.edge.callbacks}: how rail callbacks are resolved in the background, and the optional
 * secret per rail that its callback URL must carry.
 *
 * @param indexWait how long a rail key not indexed yet is looked up again before the callback is dropped
 * @param indexPoll pause between those lookups (all waiting keys in one query)
 * @param queueCapacity callbacks waiting for their first lookup; above it 503 + Retry-After
 * @param waitingCapacity keys waiting for the index; above it a new unknown key is dropped (and counted)
 * @param maxBatch keys taken from the queue per lookup
 * @param secrets rail id → secret required as {@code ?secret=} of its callback URL ("" = none required)
 */
public record CallbackSettings(
    Duration indexWait, Duration indexPoll, int queueCapacity, int waitingCapacity, int maxBatch, Map<String, String> secrets) {

  public static final String MTN = "mtn-momo";
  public static final String AIRTEL = "airtel-money";
  public static final String RTGS = "rtgs";

  public CallbackSettings {
    Objects.requireNonNull(indexWait, "index-wait");
    Objects.requireNonNull(indexPoll, "index-poll");
    secrets = Map.copyOf(secrets);
    if (indexWait.isNegative() || indexWait.compareTo(Duration.ofSeconds(30)) > 0)
      throw new IllegalArgumentException("callbacks.index-wait must be in [0, 30s]: " + indexWait);
    if (indexPoll.compareTo(Duration.ofMillis(10)) < 0 || indexPoll.compareTo(Duration.ofSeconds(10)) > 0)
      throw new IllegalArgumentException("callbacks.index-poll must be in [10ms, 10s]: " + indexPoll);
    if (queueCapacity < 1 || waitingCapacity < 1 || maxBatch < 1)
      throw new IllegalArgumentException("callbacks.queue-capacity, waiting-capacity and max-batch must be >= 1");
    if (waitingCapacity + maxBatch > 20_000)
      throw new IllegalArgumentException("callbacks.waiting-capacity + max-batch bound one lookup: at most 20000");
  }

  public static CallbackSettings fromConfig(Config c) {
    Config s = c.getConfig("secrets");
    return new CallbackSettings(
        c.getDuration("index-wait"),
        c.getDuration("index-poll"),
        c.getInt("queue-capacity"),
        c.getInt("waiting-capacity"),
        c.getInt("max-batch"),
        Map.of(MTN, s.getString(MTN), AIRTEL, s.getString(AIRTEL), RTGS, s.getString(RTGS)));
  }

  /** The secret a rail's callbacks must carry, "" when none is configured. */
  public String secretOf(String rail) {
    return secrets.getOrDefault(rail, "");
  }
}
