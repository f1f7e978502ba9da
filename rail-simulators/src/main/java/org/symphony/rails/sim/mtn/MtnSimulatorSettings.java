package org.symphony.rails.sim.mtn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the MTN MoMo simulator runs.
 *
 * @param host interface to bind, e.g. "127.0.0.1"
 * @param port port to bind; 0 picks a free one
 * @param dataDir directory of the strike ledger (created if missing)
 * @param completionDelay how long an accepted transfer stays PENDING (0 = final at once)
 * @param failingPayeeSuffix a payee partyId ending with this fails with PAYEE_NOT_FOUND ("" = never)
 * @param maxReferences most transfers kept; beyond it new references are refused with 507
 * @param tokenTtl lifetime announced for access tokens (expires_in)
 * @param expectedApiUser required HTTP Basic user at the token endpoint ("" = any non-empty)
 * @param expectedApiKey required HTTP Basic password at the token endpoint ("" = any non-empty)
 * @param expectedSubscriptionKey required Ocp-Apim-Subscription-Key ("" = any non-empty)
 * @param targetEnvironment the X-Target-Environment impersonated ("mtnzambia": ZMW, "sandbox": EUR only); a request for
 *     another is refused with 500 NOT_ALLOWED_TARGET_ENVIRONMENT
 * @param callbackHost the callback host registered for the API user (MTN's providerCallbackHost): an X-Callback-Url
 *     with another host is refused with 500 INVALID_CALLBACK_URL_HOST ("" = any host)
 */
public record MtnSimulatorSettings(
    String host,
    int port,
    Path dataDir,
    Duration completionDelay,
    String failingPayeeSuffix,
    int maxReferences,
    Duration tokenTtl,
    String expectedApiUser,
    String expectedApiKey,
    String expectedSubscriptionKey,
    String targetEnvironment,
    String callbackHost) {

  public static final String CONFIG_PATH = "symphony.rails.simulator.mtn";
  public static final String DEFAULT_FAILING_PAYEE_SUFFIX = "0000";
  public static final int DEFAULT_MAX_REFERENCES = 1_000_000;
  /** The node's callback host in the dev profile (its edge on loopback). */
  public static final String DEFAULT_CALLBACK_HOST = "127.0.0.1";

  public MtnSimulatorSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(completionDelay, "completionDelay");
    Objects.requireNonNull(failingPayeeSuffix, "failingPayeeSuffix");
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    Objects.requireNonNull(expectedApiUser, "expectedApiUser");
    Objects.requireNonNull(expectedApiKey, "expectedApiKey");
    Objects.requireNonNull(expectedSubscriptionKey, "expectedSubscriptionKey");
    Objects.requireNonNull(targetEnvironment, "targetEnvironment");
    Objects.requireNonNull(callbackHost, "callbackHost");
    if (!MtnEnvironments.known(targetEnvironment))
      throw new IllegalArgumentException("targetEnvironment must be \"" + MtnEnvironments.ZAMBIA + "\" or \""
          + MtnEnvironments.SANDBOX + "\": " + targetEnvironment);
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (completionDelay.isNegative()) throw new IllegalArgumentException("completionDelay must not be negative");
    if (maxReferences < 1) throw new IllegalArgumentException("maxReferences must be positive");
    if (tokenTtl.getSeconds() < 1) throw new IllegalArgumentException("tokenTtl must be at least 1s");
  }

  /** Defaults for everything but where to listen, where to keep the ledger and how long transfers pend. */
  public static MtnSimulatorSettings of(String host, int port, Path dataDir, Duration completionDelay) {
    return new MtnSimulatorSettings(
        host, port, dataDir, completionDelay, DEFAULT_FAILING_PAYEE_SUFFIX, DEFAULT_MAX_REFERENCES,
        Duration.ofHours(1), "", "", "", MtnEnvironments.ZAMBIA, DEFAULT_CALLBACK_HOST);
  }

  /** Reads {@value #CONFIG_PATH} from a root config, falling back to reference.conf. */
  public static MtnSimulatorSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(MtnSimulatorSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new MtnSimulatorSettings(
        c.getString("host"),
        c.getInt("port"),
        Path.of(c.getString("data-dir")),
        c.getDuration("completion-delay"),
        c.getString("failing-payee-suffix"),
        c.getInt("max-references"),
        c.getDuration("token-ttl"),
        c.getString("expected-api-user"),
        c.getString("expected-api-key"),
        c.getString("expected-subscription-key"),
        c.getString("target-environment"),
        c.getString("callback-host"));
  }

  public MtnSimulatorSettings withPort(int newPort) {
    return new MtnSimulatorSettings(host, newPort, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, expectedApiUser, expectedApiKey, expectedSubscriptionKey, targetEnvironment, callbackHost);
  }

  public MtnSimulatorSettings withCompletionDelay(Duration delay) {
    return new MtnSimulatorSettings(host, port, dataDir, delay, failingPayeeSuffix, maxReferences,
        tokenTtl, expectedApiUser, expectedApiKey, expectedSubscriptionKey, targetEnvironment, callbackHost);
  }

  public MtnSimulatorSettings withMaxReferences(int max) {
    return new MtnSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, max,
        tokenTtl, expectedApiUser, expectedApiKey, expectedSubscriptionKey, targetEnvironment, callbackHost);
  }

  public MtnSimulatorSettings withExpectedCredentials(String apiUser, String apiKey, String subscriptionKey) {
    return new MtnSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, apiUser, apiKey, subscriptionKey, targetEnvironment, callbackHost);
  }

  public MtnSimulatorSettings withTargetEnvironment(String environment) {
    return new MtnSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, expectedApiUser, expectedApiKey, expectedSubscriptionKey, environment, callbackHost);
  }

  public MtnSimulatorSettings withCallbackHost(String host) {
    return new MtnSimulatorSettings(this.host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, expectedApiUser, expectedApiKey, expectedSubscriptionKey, targetEnvironment, host);
  }

  @Override
  public String toString() {
    return "MtnSimulatorSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", completionDelay="
        + completionDelay + ", failingPayeeSuffix=" + failingPayeeSuffix + ", maxReferences=" + maxReferences
        + ", tokenTtl=" + tokenTtl + ", targetEnvironment=" + targetEnvironment + ", callbackHost=" + callbackHost
        + ", credentials=" + (expectedApiKey.isEmpty() ? "any" : "fixed") + "]";
  }
}
