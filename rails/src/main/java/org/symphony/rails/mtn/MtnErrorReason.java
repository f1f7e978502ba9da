package org.symphony.rails.mtn;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * MTN MoMo's ErrorReason codes and what each means when it answers {@code POST /disbursement/v1_0/transfer}.
 *
 * <p>Sources: the ErrorReason enum of the Disbursement API description (swagger,
 * https://momodeveloper.mtn.com/API-collections#api=disbursement: PAYEE_NOT_FOUND … RESOURCE_ALREADY_EXIST) and MTN's
 * "MoMo API Common Errors" (https://momodevelopercommunity.mtn.com/errors-46/momo-api-common-errors-82, also
 * https://momoapi.mtn.com/api-documentation/common-error/): NOT_ALLOWED, NOT_ALLOWED_TARGET_ENVIRONMENT,
 * INVALID_CALLBACK_URL_HOST and INVALID_CURRENCY are answered with HTTP 500; INTERNAL_PROCESSING_ERROR (500) is
 * "the default or generic error code used when there is no specific error mapping"; SERVICE_UNAVAILABLE is 503;
 * RESOURCE_ALREADY_EXIST is 409 (a duplicate X-Reference-Id).
 *
 * <p>A refusal is {@link OnDispatch#REFUSED} only when the code says the request itself was refused, by its headers,
 * its currency or who its parties are, so that no transfer can have been made from it. Codes that describe what became
 * of a transfer (approval, expiry, cancellation) or that are generic are {@link OnDispatch#ASK_AGAIN}: the status query
 * settles them. The status query's own error answers are never a statement about the transfer (see {@code MtnWire}).
 */
enum MtnErrorReason {
  // the request was refused before any transfer: by its headers or the API user's rights
  NOT_ALLOWED(OnDispatch.REFUSED),
  NOT_ALLOWED_TARGET_ENVIRONMENT(OnDispatch.REFUSED),
  INVALID_CALLBACK_URL_HOST(OnDispatch.REFUSED),
  INVALID_CURRENCY(OnDispatch.REFUSED),
  // refused because of the parties: no money can move to a payee that does not exist or may not receive
  PAYEE_NOT_FOUND(OnDispatch.REFUSED),
  PAYER_NOT_FOUND(OnDispatch.REFUSED),
  PAYEE_NOT_ALLOWED_TO_RECEIVE(OnDispatch.REFUSED),
  NOT_ENOUGH_FUNDS(OnDispatch.REFUSED),
  PAYER_LIMIT_REACHED(OnDispatch.REFUSED),
  // the fate of a transfer, or generic: they do not prove that nothing was created, so the status query decides
  PAYMENT_NOT_APPROVED(OnDispatch.ASK_AGAIN),
  APPROVAL_REJECTED(OnDispatch.ASK_AGAIN),
  EXPIRED(OnDispatch.ASK_AGAIN),
  TRANSACTION_CANCELED(OnDispatch.ASK_AGAIN),
  COULD_NOT_PERFORM_TRANSACTION(OnDispatch.ASK_AGAIN),
  INTERNAL_PROCESSING_ERROR(OnDispatch.ASK_AGAIN),
  SERVICE_UNAVAILABLE(OnDispatch.ASK_AGAIN),
  RESOURCE_NOT_FOUND(OnDispatch.ASK_AGAIN),
  // a transfer exists under this X-Reference-Id: what became of it is the answer
  RESOURCE_ALREADY_EXIST(OnDispatch.LOOK_UP);

  /** What a dispatch answered with this code becomes. */
  enum OnDispatch {
    /** RailResult.Declined(code, message): the request was refused and created no transfer. */
    REFUSED,
    /** RailResult.Unknown: the status query finds out. */
    ASK_AGAIN,
    /** The answer is the status query's. */
    LOOK_UP
  }

  private static final Map<String, MtnErrorReason> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final OnDispatch onDispatch;

  MtnErrorReason(OnDispatch onDispatch) {
    this.onDispatch = onDispatch;
  }

  OnDispatch onDispatch() {
    return onDispatch;
  }

  /** The code as MTN spells it; empty for a code MTN does not publish (which is then never final). */
  static Optional<MtnErrorReason> of(String code) {
    return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
  }
}
