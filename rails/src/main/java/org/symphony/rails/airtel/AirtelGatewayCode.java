package org.symphony.rails.airtel;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Codes of Airtel's API gateway (ESB) in {@code status.result_code}. The gateway answers with them, usually
 * with HTTP 400 and no {@code response_code}, when it refuses a request before any transaction exists:
 * those are refusals of a disbursement that was never created. Any other gateway code (ESB000001 "Something
 * went wrong", ESB000004 "error while initiating the payment", ESB000014, …) says nothing about the
 * transaction, and is read as Unknown.
 *
 * <p>Source: Airtel's gateway codes as public Airtel clients list them (e.g. github.com/techcraftlabs/airtel,
 * errors.go: ESB000008 "Field validation", ESB000033 "Invalid MSISDN Length", ESB000034 "Invalid Country",
 * ESB000035 "Invalid Currency", ESB000036 "Invalid MSISDN Length … should start with 0", ESB000039 "Vendor is
 * not configured to do transaction in the country"); the developer portal's code table lists the DP codes only.
 */
public enum AirtelGatewayCode {
  FIELD_VALIDATION("ESB000008", "Field validation"),
  INVALID_MSISDN_LENGTH("ESB000033", "Invalid MSISDN length"),
  INVALID_COUNTRY("ESB000034", "Invalid country"),
  INVALID_CURRENCY("ESB000035", "Invalid currency"),
  INVALID_MSISDN_PREFIX("ESB000036", "Invalid MSISDN length or prefix"),
  COUNTRY_NOT_CONFIGURED("ESB000039", "Vendor is not configured to do transactions in the country");

  private static final Map<String, AirtelGatewayCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AirtelGatewayCode::code, Function.identity()));

  private final String code;
  private final String description;

  AirtelGatewayCode(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** A validation refusal; empty for any other (or no) gateway code. */
  public static Optional<AirtelGatewayCode> validationRefusal(String resultCode) {
    return Optional.ofNullable(resultCode == null ? null : BY_CODE.get(resultCode));
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}
