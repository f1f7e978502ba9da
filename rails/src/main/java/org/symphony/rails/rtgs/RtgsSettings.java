package org.symphony.rails.rtgs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach the interbank RTGS's ISO 20022 gateway (the real one or {@code RtgsSimulator}) and the
 * constants of every message Symphony sends there.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:9103}
 * @param instructingAgentBic Symphony's own BIC at the RTGS (InstgAgt and DbtrAgt of every pacs.008,
 *     AppHdr/Fr), e.g. "SYMPZMLU"
 * @param callTimeout upper bound for one {@code dispatch} or {@code status} call, a duplicate's status
 *     query included
 * @param receiverBic AppHdr/To: the RTGS operator's BIC (the market infrastructure the gateway delivers to)
 * @param debtorName Dbtr/Nm: the name of the account holder debited at Symphony's agent (the rail does not
 *     know the participants' legal names; the participant id travels as Dbtr/Id/OrgId/Othr/Id)
 * @param chargeBearer ChrgBr: SHAR or DEBT (CBPR+ does not allow SLEV; CRED is not offered for payouts)
 * @param businessService AppHdr/BizSvc, e.g. "swift.cbprplus.03"
 * @param zone the RTGS's time zone: CreDtTm/CreDt offsets and IntrBkSttlmDt, e.g. Africa/Lusaka
 * @param submitPath where a pacs.008 is POSTed, e.g. /iso20022/pacs.008
 * @param statusPath where a pacs.028 status request is POSTed, e.g. /iso20022/pacs.028
 */
public record RtgsSettings(
    String baseUrl,
    String instructingAgentBic,
    Duration callTimeout,
    String receiverBic,
    String debtorName,
    String chargeBearer,
    String businessService,
    ZoneId zone,
    String submitPath,
    String statusPath) {

  public static final String CONFIG_PATH = "symphony.rails.rtgs";
  private static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(2);
  static final Pattern BIC = Pattern.compile("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$");
  /** CBPR+ ChrgBr rule: DEBT, CRED or SHAR, never SLEV; Symphony's payouts are SHAR or DEBT. */
  static final Set<String> CHARGE_BEARERS = Set.of("SHAR", "DEBT");
  private static final Pattern PATH = Pattern.compile("^(/[A-Za-z0-9._~-]+)+$");

  public RtgsSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(instructingAgentBic, "instructingAgentBic");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(receiverBic, "receiverBic");
    Objects.requireNonNull(debtorName, "debtorName");
    Objects.requireNonNull(chargeBearer, "chargeBearer");
    Objects.requireNonNull(businessService, "businessService");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(submitPath, "submitPath");
    Objects.requireNonNull(statusPath, "statusPath");
    if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://"))
      throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (!BIC.matcher(instructingAgentBic).matches())
      throw new IllegalArgumentException("instructingAgentBic is not a BIC (ISO 9362): " + instructingAgentBic);
    if (!BIC.matcher(receiverBic).matches())
      throw new IllegalArgumentException("receiverBic is not a BIC (ISO 9362): " + receiverBic);
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0)
      throw new IllegalArgumentException("callTimeout must be in (0, " + MAX_CALL_TIMEOUT + "]: " + callTimeout);
    if (!CHARGE_BEARERS.contains(chargeBearer))
      throw new IllegalArgumentException("chargeBearer must be one of " + CHARGE_BEARERS + ": " + chargeBearer);
    if (SwiftCharset.extended(debtorName).isEmpty() || debtorName.length() > Pacs008.MAX_TEXT_CHARS)
      throw new IllegalArgumentException("debtorName must be 1 to 140 characters: " + debtorName);
    if (businessService.isBlank() || businessService.length() > Pacs008.MAX_ID_CHARS)
      throw new IllegalArgumentException("businessService must be 1 to 35 characters: " + businessService);
    if (!PATH.matcher(submitPath).matches()) throw new IllegalArgumentException("submitPath is not a path: " + submitPath);
    if (!PATH.matcher(statusPath).matches()) throw new IllegalArgumentException("statusPath is not a path: " + statusPath);
  }

  /** The defaults of reference.conf around the three settings every test varies. */
  public RtgsSettings(String baseUrl, String instructingAgentBic, Duration callTimeout) {
    this(fromConfig(ConfigFactory.empty()), baseUrl, instructingAgentBic, callTimeout);
  }

  private RtgsSettings(RtgsSettings defaults, String baseUrl, String instructingAgentBic, Duration callTimeout) {
    this(baseUrl, instructingAgentBic, callTimeout, defaults.receiverBic, defaults.debtorName, defaults.chargeBearer,
        defaults.businessService, defaults.zone, defaults.submitPath, defaults.statusPath);
  }

  /** Reads {@value #CONFIG_PATH} from a root config (an actor system's), falling back to reference.conf. */
  public static RtgsSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(RtgsSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    ZoneId zone;
    try {
      zone = ZoneId.of(c.getString("time-zone"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("time-zone is not a zone id: " + c.getString("time-zone"), e);
    }
    return new RtgsSettings(
        c.getString("base-url"), c.getString("instructing-agent-bic"), c.getDuration("call-timeout"),
        c.getString("receiver-bic"), c.getString("debtor-name"), c.getString("charge-bearer"),
        c.getString("business-service"), zone, c.getString("submit-path"), c.getString("status-path"));
  }

  public RtgsSettings withBaseUrl(String url) {
    return new RtgsSettings(url, instructingAgentBic, callTimeout, receiverBic, debtorName, chargeBearer,
        businessService, zone, submitPath, statusPath);
  }

  public RtgsSettings withInstructingAgentBic(String bic) {
    return new RtgsSettings(baseUrl, bic, callTimeout, receiverBic, debtorName, chargeBearer, businessService, zone,
        submitPath, statusPath);
  }

  public RtgsSettings withCallTimeout(Duration timeout) {
    return new RtgsSettings(baseUrl, instructingAgentBic, timeout, receiverBic, debtorName, chargeBearer,
        businessService, zone, submitPath, statusPath);
  }

  public RtgsSettings withChargeBearer(String bearer) {
    return new RtgsSettings(baseUrl, instructingAgentBic, callTimeout, receiverBic, debtorName, bearer,
        businessService, zone, submitPath, statusPath);
  }
}
