package org.symphony.rails.mtn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an MTN MoMo Disbursement API (the real one or {@code MtnMomoSimulator}).
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:9101} or {@code https://sandbox.momodeveloper.mtn.com}
 * @param subscriptionKey sent as {@code Ocp-Apim-Subscription-Key}
 * @param apiUser API user id (HTTP Basic user for the token endpoint)
 * @param apiKey API key (HTTP Basic password for the token endpoint)
 * @param targetEnvironment sent as {@code X-Target-Environment}: "sandbox" (EUR only) or the market's production
 *     environment, "mtn" + country, e.g. "mtnzambia" (ZMW). Values as published by MTN's API user provisioning;
 *     Zambia's as used against momoapi.mtn.com by integrations in ZMW.
 * @param callTimeout upper bound for one {@code dispatch} or {@code status} call, token fetch included
 * @param callbackUrl sent as {@code X-Callback-Url} so MTN calls back once when final; "" = poll only
 */
public record MtnMomoSettings(
    String baseUrl,
    String subscriptionKey,
    String apiUser,
    String apiKey,
    String targetEnvironment,
    Duration callTimeout,
    String callbackUrl) {

  public static final String CONFIG_PATH = "symphony.rails.mtn";
  private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(2);

  public MtnMomoSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(subscriptionKey, "subscriptionKey");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(targetEnvironment, "targetEnvironment");
    Objects.requireNonNull(callTimeout, "callTimeout");
    callbackUrl = callbackUrl == null ? "" : callbackUrl;
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://"))
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (apiUser.isBlank() || apiKey.isBlank()) throw new IllegalArgumentException("apiUser and apiKey must be set");
    if (targetEnvironment.isBlank()) throw new IllegalArgumentException("targetEnvironment must be set");
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0)
      throw new IllegalArgumentException("callTimeout must be in (0, " + MAX_CALL_TIMEOUT + "]: " + callTimeout);
  }

  /** Reads {@value #CONFIG_PATH} from a root config (an actor system's), falling back to reference.conf. */
  public static MtnMomoSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(MtnMomoSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new MtnMomoSettings(
        c.getString("base-url"),
        c.getString("subscription-key"),
        c.getString("api-user"),
        c.getString("api-key"),
        c.getString("target-environment"),
        c.getDuration("call-timeout"),
        c.hasPath("callback-url") ? c.getString("callback-url") : "");
  }

  public MtnMomoSettings withBaseUrl(String url) {
    return new MtnMomoSettings(url, subscriptionKey, apiUser, apiKey, targetEnvironment, callTimeout, callbackUrl);
  }

  public MtnMomoSettings withCallbackUrl(String url) {
    return new MtnMomoSettings(baseUrl, subscriptionKey, apiUser, apiKey, targetEnvironment, callTimeout, url);
  }

  public MtnMomoSettings withTargetEnvironment(String environment) {
    return new MtnMomoSettings(baseUrl, subscriptionKey, apiUser, apiKey, environment, callTimeout, callbackUrl);
  }

  public MtnMomoSettings withCallTimeout(Duration timeout) {
    return new MtnMomoSettings(baseUrl, subscriptionKey, apiUser, apiKey, targetEnvironment, timeout, callbackUrl);
  }

  /** Secrets stay out of logs. */
  @Override
  public String toString() {
    return "MtnMomoSettings[baseUrl=" + baseUrl + ", apiUser=" + apiUser + ", targetEnvironment="
        + targetEnvironment + ", callTimeout=" + callTimeout + ", subscriptionKey=***, apiKey=***]";
  }
}
