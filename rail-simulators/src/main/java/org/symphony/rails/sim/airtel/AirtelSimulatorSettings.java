package org.symphony.rails.sim.airtel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Airtel Money simulator runs.
 *
 * @param host interface to bind, e.g. "127.0.0.1"
 * @param port port to bind; 0 picks a free one
 * @param dataDir directory of the strike ledger (created if missing)
 * @param completionDelay how long an accepted disbursement stays TIP (0 = TS/TF at once)
 * @param failingPayeeSuffix a payee msisdn ending with this is not a registered wallet: TIP, then TF with
 *     DP00900001012 "Invalid mobile number" ("" = never)
 * @param maxReferences most transactions kept; beyond it new transaction ids are refused with 507
 * @param tokenTtl lifetime announced for access tokens (expires_in); Airtel's is 180 s
 * @param duplicateHttpStatus HTTP status of the duplicate-id answer (DP00900001015, success:false);
 *     Airtel's is 200, a 4xx shows whether a client reads the code rather than the status
 * @param expectedClientId required client_id at the token endpoint ("" = any non-empty)
 * @param expectedClientSecret required client_secret at the token endpoint ("" = any non-empty)
 * @param codePayeePrefix a payee msisdn made of this prefix and three digits NNN is answered with
 *     DP00900001NNN, played as {@link SimCode.Effect} says ("" = off); lets a test reach every code
 * @param signingPrivateKey the RSA private key (PKCS#8, PEM or bare base64) matching the public key the
 *     client signs with: when set, disbursements must carry a valid x-signature/x-key, else DP00900001016
 *     ("" = message signing off, the headers are ignored)
 */
public record AirtelSimulatorSettings(
    String host,
    int port,
    Path dataDir,
    Duration completionDelay,
    String failingPayeeSuffix,
    int maxReferences,
    Duration tokenTtl,
    int duplicateHttpStatus,
    String expectedClientId,
    String expectedClientSecret,
    String codePayeePrefix,
    String signingPrivateKey) {

  public static final String CONFIG_PATH = "symphony.rails.simulator.airtel";
  public static final String DEFAULT_FAILING_PAYEE_SUFFIX = "0000";
  public static final int DEFAULT_MAX_REFERENCES = 1_000_000;
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(180);
  public static final String DEFAULT_CODE_PAYEE_PREFIX = "979000";
  private static final int MSISDN_DIGITS = 9;
  private static final int CODE_DIGITS = 3;

  public AirtelSimulatorSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(completionDelay, "completionDelay");
    Objects.requireNonNull(failingPayeeSuffix, "failingPayeeSuffix");
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    Objects.requireNonNull(expectedClientId, "expectedClientId");
    Objects.requireNonNull(expectedClientSecret, "expectedClientSecret");
    Objects.requireNonNull(codePayeePrefix, "codePayeePrefix");
    Objects.requireNonNull(signingPrivateKey, "signingPrivateKey");
    if (!codePayeePrefix.isEmpty() && !codePayeePrefix.matches("^[0-9]{" + (MSISDN_DIGITS - CODE_DIGITS) + "}$"))
      throw new IllegalArgumentException("codePayeePrefix must be " + (MSISDN_DIGITS - CODE_DIGITS) + " digits or empty");
    if (!signingPrivateKey.isBlank()) SimSignatureCheck.parsePrivateKey(signingPrivateKey); // fails fast
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (completionDelay.isNegative()) throw new IllegalArgumentException("completionDelay must not be negative");
    if (completionDelay.toMillis() > SimFaults.MAX_DELAY_MS)
      throw new IllegalArgumentException("completionDelay must be at most " + SimFaults.MAX_DELAY_MS + " ms");
    if (maxReferences < 1) throw new IllegalArgumentException("maxReferences must be positive");
    if (tokenTtl.getSeconds() < 1) throw new IllegalArgumentException("tokenTtl must be at least 1s");
    if (duplicateHttpStatus != 200 && (duplicateHttpStatus < 400 || duplicateHttpStatus > 499
        || duplicateHttpStatus == 401 || duplicateHttpStatus == 404))
      throw new IllegalArgumentException("duplicateHttpStatus must be 200 or a 4xx other than 401/404");
  }

  /** Defaults for everything but where to listen, where to keep the ledger and how long transfers pend. */
  public static AirtelSimulatorSettings of(String host, int port, Path dataDir, Duration completionDelay) {
    return new AirtelSimulatorSettings(
        host, port, dataDir, completionDelay, DEFAULT_FAILING_PAYEE_SUFFIX, DEFAULT_MAX_REFERENCES,
        DEFAULT_TOKEN_TTL, 200, "", "", DEFAULT_CODE_PAYEE_PREFIX, "");
  }

  /** Reads {@value #CONFIG_PATH} from a root config, falling back to reference.conf. */
  public static AirtelSimulatorSettings fromConfig(Config root) {
    Config c =
        root.withFallback(ConfigFactory.defaultReference(AirtelSimulatorSettings.class.getClassLoader()))
            .resolve()
            .getConfig(CONFIG_PATH);
    return new AirtelSimulatorSettings(
        c.getString("host"),
        c.getInt("port"),
        Path.of(c.getString("data-dir")),
        c.getDuration("completion-delay"),
        c.getString("failing-payee-suffix"),
        c.getInt("max-references"),
        c.getDuration("token-ttl"),
        c.getInt("duplicate-http-status"),
        c.getString("expected-client-id"),
        c.getString("expected-client-secret"),
        c.getString("code-payee-prefix"),
        c.getString("signing-private-key"));
  }

  public AirtelSimulatorSettings withPort(int newPort) {
    return new AirtelSimulatorSettings(host, newPort, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, duplicateHttpStatus, expectedClientId, expectedClientSecret, codePayeePrefix, signingPrivateKey);
  }

  public AirtelSimulatorSettings withCompletionDelay(Duration delay) {
    return new AirtelSimulatorSettings(host, port, dataDir, delay, failingPayeeSuffix, maxReferences,
        tokenTtl, duplicateHttpStatus, expectedClientId, expectedClientSecret, codePayeePrefix, signingPrivateKey);
  }

  public AirtelSimulatorSettings withMaxReferences(int max) {
    return new AirtelSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, max,
        tokenTtl, duplicateHttpStatus, expectedClientId, expectedClientSecret, codePayeePrefix, signingPrivateKey);
  }

  public AirtelSimulatorSettings withDuplicateHttpStatus(int status) {
    return new AirtelSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, status, expectedClientId, expectedClientSecret, codePayeePrefix, signingPrivateKey);
  }

  public AirtelSimulatorSettings withExpectedCredentials(String clientId, String clientSecret) {
    return new AirtelSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, duplicateHttpStatus, clientId, clientSecret, codePayeePrefix, signingPrivateKey);
  }

  /** Verifies Airtel message signing with this private key (PKCS#8, PEM or bare base64). */
  public AirtelSimulatorSettings withSigningPrivateKey(String privateKey) {
    return new AirtelSimulatorSettings(host, port, dataDir, completionDelay, failingPayeeSuffix, maxReferences,
        tokenTtl, duplicateHttpStatus, expectedClientId, expectedClientSecret, codePayeePrefix, privateKey);
  }

  @Override
  public String toString() {
    return "AirtelSimulatorSettings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", completionDelay="
        + completionDelay + ", failingPayeeSuffix=" + failingPayeeSuffix + ", maxReferences=" + maxReferences
        + ", tokenTtl=" + tokenTtl + ", duplicateHttpStatus=" + duplicateHttpStatus + ", credentials="
        + (expectedClientSecret.isEmpty() ? "any" : "fixed") + ", codePayeePrefix=" + codePayeePrefix
        + ", signing=" + (signingPrivateKey.isBlank() ? "off" : "verified") + "]";
  }
}
