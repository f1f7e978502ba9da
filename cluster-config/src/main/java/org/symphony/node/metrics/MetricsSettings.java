package org.symphony.node.metrics;

import com.typesafe.config.Config;
import java.time.Duration;

/** symphony.metrics: where the Prometheus scrape endpoint listens and how often the sampled gauges are read. */
public record MetricsSettings(boolean enabled, String host, int port, Duration gapInterval, Duration gaugeInterval) {

  public static MetricsSettings fromConfig(Config root) {
    Config c = root.getConfig("symphony.metrics");
    return new MetricsSettings(
        c.getBoolean("enabled"), c.getString("host"), c.getInt("port"), c.getDuration("gap-interval"), c.getDuration("gauge-interval"));
  }
}
