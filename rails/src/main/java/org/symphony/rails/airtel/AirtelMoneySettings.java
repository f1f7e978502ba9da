package org.symphony.rails.airtel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach an Airtel Money Disbursement API (the real one or {@code AirtelMoneySimulator}).
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:9102} or {@code https://openapiuat.airtel.co.zm}
 * @param clientId OAuth client id for {@code POST /auth/oauth2/token}
 * @param clientSecret OAuth client secret for the token endpoint
 * @param encryptedPin the disbursement PIN as Airtel wants it: encrypted with Airtel's public key and
 *     base64-encoded. Opaque to Symphony, which never sees the clear PIN.
 * @param country sent as {@code X-Country} (ISO 3166 alpha-2, one of {@link #CALLING_CODES}); payees must
 *     be mobile numbers of this country
 * @param currency sent as {@code X-Currency} (ISO 4217); transfers in any other currency are declined
 * @param callTimeout upper bound for one {@code dispatch} or {@code status} call, token fetch included
 * @param signing Airtel message signing ({@code x-signature}/{@code x-key}) of disbursement requests, for
 *     merchants who have it enabled on their Airtel account; off by default
 */
public record AirtelMoneySettings(
    String baseUrl,
    String clientId,
    String clientSecret,
    String encryptedPin,
    String country,
    String currency,
    Duration callTimeout,
    AirtelMessageSigning signing) {

  public static final String CONFIG_PATH = "symphony.rails.airtel";

  /**
   * Airtel Money markets whose national mobile numbers have 9 digits (what the API's payee.msisdn takes,
   * without the country code), with their calling codes.
   */
  public static final Map<String, String> CALLING_CODES =
      Map.of("ZM", "260", "KE", "254", "UG", "256", "TZ", "255", "MW", "265", "RW", "250");

  private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(2);

  public AirtelMoneySettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(encryptedPin, "encryptedPin");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(signing, "signing");
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://"))
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (clientId.isBlank() || clientSecret.isBlank())
      throw new IllegalArgumentException("clientId and clientSecret must be set");
    if (!isBase64(encryptedPin)) throw new IllegalArgumentException("encryptedPin must be a non-empty base64 string");
    if (!CALLING_CODES.containsKey(country))
      throw new IllegalArgumentException("country must be one of " + CALLING_CODES.keySet() + ": " + country);
    if (!currency.matches("^[A-Z]{3}$")) throw new IllegalArgumentException("currency must be an ISO 4217 code");
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0)
      throw new IllegalArgumentException("callTimeout must be in (0, " + MAX_CALL_TIMEOUT + "]: " + callTimeout);
  }

  /** Without message signing. */
  public AirtelMoneySettings(String baseUrl, String clientId, String clientSecret, String encryptedPin,
      String country, String currency, Duration callTimeout) {
    this(baseUrl, clientId, clientSecret, encryptedPin, country, currency, callTimeout, AirtelMessageSigning.off());
  }

  /** Reads {@value #CONFIG_PATH} from a root config (an actor system's), falling back to reference.conf. */
  public static AirtelMoneySettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(AirtelMoneySettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new AirtelMoneySettings(
        c.getString("base-url"),
        c.getString("client-id"),
        c.getString("client-secret"),
        c.getString("encrypted-pin"),
        c.getString("country"),
        c.getString("currency"),
        c.getDuration("call-timeout"),
        AirtelMessageSigning.fromConfig(c.getBoolean("signing.enabled"), c.getString("signing.public-key")));
  }

  /** The country's calling code, e.g. "260" for ZM. */
  public String callingCode() {
    return CALLING_CODES.get(country);
  }

  public AirtelMoneySettings withBaseUrl(String url) {
    return new AirtelMoneySettings(url, clientId, clientSecret, encryptedPin, country, currency, callTimeout, signing);
  }

  public AirtelMoneySettings withCallTimeout(Duration timeout) {
    return new AirtelMoneySettings(baseUrl, clientId, clientSecret, encryptedPin, country, currency, timeout, signing);
  }

  public AirtelMoneySettings withSigning(AirtelMessageSigning newSigning) {
    return new AirtelMoneySettings(baseUrl, clientId, clientSecret, encryptedPin, country, currency, callTimeout,
        newSigning);
  }

  private static boolean isBase64(String text) {
    if (text.isBlank()) return false;
    try {
      return Base64.getDecoder().decode(text).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Secrets stay out of logs. */
  @Override
  public String toString() {
    return "AirtelMoneySettings[baseUrl=" + baseUrl + ", clientId=" + clientId + ", country=" + country
        + ", currency=" + currency + ", callTimeout=" + callTimeout + ", signing=" + signing + ", clientSecret=***, encryptedPin=***]";
  }
}
