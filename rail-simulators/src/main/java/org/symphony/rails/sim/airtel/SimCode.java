package org.symphony.rails.sim.airtel;

import java.util.Arrays;
import java.util.Optional;

/**
 * The simulator's own copy of Airtel's published disbursement response codes (kept apart from the adapter's
 * table on purpose, so that a mistake in either shows up as a failing test). Source: Airtel Africa developer
 * portal, "Disbursement APIs → Error codes" (https://developers.airtel.africa/documentation/disbursement-apis;
 * e.g. https://developers.airtel.ug/documentation/disbursement-apis/error-codes).
 *
 * <p>{@link Effect} is how the simulator plays the code when a test asks for it by payee number
 * ({@link AirtelSimulatorSettings#codePayeePrefix()}).
 */
enum SimCode {
  AMBIGUOUS("000", "The transaction is still processing and is in ambiguous state. Please do the transaction enquiry to fetch the transaction status.", Effect.STUCK),
  SUCCESS("001", "Transaction is successful.", Effect.NORMAL),
  MAXIMUM_LIMIT_REACHED("003", "Maximum transaction limit reached for the day.", Effect.REFUSED),
  INVALID_AMOUNT("004", "Amount entered is out of range with respect to defined limits.", Effect.REFUSED),
  FAILED("005", "Transaction failed.", Effect.REFUSED),
  PROCESSING("006", "Transaction is in process.", Effect.STUCK),
  INSUFFICIENT_FUNDS("007", "Not enough funds in account to complete the transaction.", Effect.REFUSED),
  INVALID_INITIATEE("009", "Initiatee of the transaction is invalid.", Effect.REFUSED),
  USER_NOT_ALLOWED("010", "Payer is not an allowed user.", Effect.REFUSED),
  TRANSACTION_NOT_ALLOWED("011", "Transaction with similar information already exists in this system.", Effect.NOT_CREATED),
  INVALID_MOBILE_NUMBER("012", "Mobile number entered is incorrect.", Effect.REFUSED),
  REFUSED("013", "The transaction was refused.", Effect.REFUSED),
  TIMED_OUT("014", "The transaction may be processed or failed due to time out. To know the exact status please do the transaction enquiry.", Effect.STUCK),
  TRANSACTION_NOT_FOUND("015", "The transaction was not found.", Effect.NOT_CREATED),
  FORBIDDEN("016", "X-signature and payload did not match.", Effect.NOT_CREATED),
  DUPLICATE_TRANSACTION_ID("017", "Duplicate Transaction Id. To know the status of the actual transaction, please do transaction enquiry.", Effect.NOT_CREATED);

  /** How a code asked for by payee number is played. */
  enum Effect {
    /** The ordinary flow (TIP, then TS). */
    NORMAL,
    /** Recorded as failed (TF) at once: dispatch and enquiry answer the code. */
    REFUSED,
    /** Recorded, and every answer about it (dispatch, enquiry) keeps the code: never resolves. */
    STUCK,
    /** Answered at dispatch, nothing recorded: an enquiry then finds nothing. */
    NOT_CREATED
  }

  static final String PREFIX = "DP00900001";

  private final String code;
  private final String message;
  private final Effect effect;

  SimCode(String suffix, String message, Effect effect) {
    this.code = PREFIX + suffix;
    this.message = message;
    this.effect = effect;
  }

  /** The code for three digits, e.g. "012"; empty when Airtel has published none. */
  static Optional<SimCode> ofSuffix(String suffix) {
    return Arrays.stream(values()).filter(c -> c.code.equals(PREFIX + suffix)).findFirst();
  }

  String code() {
    return code;
  }

  String message() {
    return message;
  }

  Effect effect() {
    return effect;
  }

  /** The transaction status the enquiry shows for a transfer stuck on this code. */
  String stuckStatus() {
    return this == PROCESSING ? "TIP" : "TA";
  }
}
