package org.symphony.rails.rtgs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the interbank RTGS's ISO 20022 API (the real one or {@code RtgsSimulator}).
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:9103}
 * @param instructingAgentBic Symphony's own BIC at the RTGS (InstgAgt and DbtrAgt of every pacs.008), e.g.
 *     "SYMPZMLU"
 * @param callTimeout upper bound for one {@code dispatch} or {@code status} call, a duplicate's status
 *     query included
 */
public record RtgsSettings(String baseUrl, String instructingAgentBic, Duration callTimeout) {

  public static final String CONFIG_PATH = "symphony.rails.rtgs";
  private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(2);
  static final Pattern BIC = Pattern.compile("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$");

  public RtgsSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(instructingAgentBic, "instructingAgentBic");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://"))
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (!BIC.matcher(instructingAgentBic).matches())
      throw new IllegalArgumentException("instructingAgentBic is not a BIC (ISO 9362): " + instructingAgentBic);
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0)
      throw new IllegalArgumentException("callTimeout must be in (0, " + MAX_CALL_TIMEOUT + "]: " + callTimeout);
  }

  /** Reads {@value #CONFIG_PATH} from a root config (an actor system's), falling back to reference.conf. */
  public static RtgsSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(RtgsSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new RtgsSettings(c.getString("base-url"), c.getString("instructing-agent-bic"), c.getDuration("call-timeout"));
  }

  public RtgsSettings withBaseUrl(String url) {
    return new RtgsSettings(url, instructingAgentBic, callTimeout);
  }

  public RtgsSettings withInstructingAgentBic(String bic) {
    return new RtgsSettings(baseUrl, bic, callTimeout);
  }

  public RtgsSettings withCallTimeout(Duration timeout) {
    return new RtgsSettings(baseUrl, instructingAgentBic, timeout);
  }
}
