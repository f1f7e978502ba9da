package org.symphony.rails.sim.rtgs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the RTGS simulator runs.
 *
 * @param host interface to bind, e.g. "127.0.0.1"
 * @param port port to bind; 0 picks a free one
 * @param dataDir directory of the strike ledger (created if missing)
 * @param completionDelay how long an accepted message stays ACCP/PDNG before it reads ACSC or RJCT (0 = final at once)
 * @param maxReferences most message ids kept; beyond it new messages are refused with 507
 */
public record RtgsSimulatorSettings(String host, int port, Path dataDir, Duration completionDelay, int maxReferences) {

  public static final String CONFIG_PATH = "symphony.rails.simulator.rtgs";
  public static final int DEFAULT_MAX_REFERENCES = 1_000_000;

  public RtgsSimulatorSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(completionDelay, "completionDelay");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (completionDelay.isNegative() || completionDelay.toMillis() > RtgsSimFaults.MAX_DELAY_MS)
      throw new IllegalArgumentException("completionDelay must be in [0, 24h]: " + completionDelay);
    if (maxReferences < 1) throw new IllegalArgumentException("maxReferences must be positive");
  }

  /** Defaults for everything but where to listen, where to keep the ledger and how long messages pend. */
  public static RtgsSimulatorSettings of(String host, int port, Path dataDir, Duration completionDelay) {
    return new RtgsSimulatorSettings(host, port, dataDir, completionDelay, DEFAULT_MAX_REFERENCES);
  }

  /** Reads {@value #CONFIG_PATH} from a root config, falling back to reference.conf. */
  public static RtgsSimulatorSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(RtgsSimulatorSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new RtgsSimulatorSettings(
        c.getString("host"),
        c.getInt("port"),
        Path.of(c.getString("data-dir")),
        c.getDuration("completion-delay"),
        c.getInt("max-references"));
  }

  public RtgsSimulatorSettings withPort(int newPort) {
    return new RtgsSimulatorSettings(host, newPort, dataDir, completionDelay, maxReferences);
  }

  public RtgsSimulatorSettings withDataDir(Path dir) {
    return new RtgsSimulatorSettings(host, port, dir, completionDelay, maxReferences);
  }

  public RtgsSimulatorSettings withCompletionDelay(Duration delay) {
    return new RtgsSimulatorSettings(host, port, dataDir, delay, maxReferences);
  }

  public RtgsSimulatorSettings withMaxReferences(int max) {
    return new RtgsSimulatorSettings(host, port, dataDir, completionDelay, max);
  }
}
