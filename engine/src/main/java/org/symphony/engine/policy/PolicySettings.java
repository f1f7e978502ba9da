package org.symphony.engine.policy;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * @param maxParticipants most participants whose version is replicated; a publish for one more is refused
 *     and logged (participants are few: the bound keeps the replicated map and every node's copy small)
 * @param writeTimeout how long a write waits for a majority before it is left to gossip
 */
public record PolicySettings(int maxParticipants, Duration writeTimeout) {

  public PolicySettings {
    if (maxParticipants < 1) throw new IllegalArgumentException("maxParticipants must be positive: " + maxParticipants);
    if (writeTimeout.isNegative() || writeTimeout.isZero())
      throw new IllegalArgumentException("writeTimeout must be positive: " + writeTimeout);
  }

  public static PolicySettings fromConfig(Config c) {
    return new PolicySettings(c.getInt("max-participants"), c.getDuration("write-timeout"));
  }
}
