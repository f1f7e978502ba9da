package org.symphony.rails.sim.mtn;

import java.util.Map;
import java.util.Optional;

/**
 * How MTN answers POST /disbursement/v1_0/transfer with an ErrorReason: the HTTP status and a message, by code. The
 * simulator's own copy, independent of the adapter's reading of them.
 *
 * <p>Codes: the ErrorReason enum of the Disbursement API description
 * (https://momodeveloper.mtn.com/API-collections#api=disbursement). Statuses: MTN's "MoMo API Common Errors"
 * (https://momodevelopercommunity.mtn.com/errors-46/momo-api-common-errors-82): NOT_ALLOWED,
 * NOT_ALLOWED_TARGET_ENVIRONMENT, INVALID_CALLBACK_URL_HOST, INVALID_CURRENCY and INTERNAL_PROCESSING_ERROR are 500,
 * SERVICE_UNAVAILABLE is 503, RESOURCE_ALREADY_EXIST 409, RESOURCE_NOT_FOUND 404; the others are sent as 500 as well
 * (MTN publishes no other status for them). The body is {"code","message"}; the messages are MTN's where published or
 * observed (INVALID_CURRENCY, RESOURCE_ALREADY_EXIST, RESOURCE_NOT_FOUND), otherwise the simulator's wording.
 */
final class MtnErrorAnswers {

  /** An error answer: HTTP status and message for one code. */
  record Answer(int httpStatus, String code, String message) {}

  private static final Map<String, Answer> BY_CODE = Map.ofEntries(
      answer(500, "NOT_ALLOWED", "Authorization failed. User does not have permission."),
      answer(500, "NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden."),
      answer(500, "INVALID_CALLBACK_URL_HOST", "Callback URL with different host name to configured for API User."),
      answer(500, "INVALID_CURRENCY", "Currency not supported."),
      answer(500, "PAYEE_NOT_FOUND", "Payee does not exist."),
      answer(500, "PAYER_NOT_FOUND", "Payer does not exist."),
      answer(500, "PAYEE_NOT_ALLOWED_TO_RECEIVE", "Payee is not allowed to receive."),
      answer(500, "NOT_ENOUGH_FUNDS", "The payer does not have enough funds."),
      answer(500, "PAYER_LIMIT_REACHED", "The payer's limit has been reached."),
      answer(500, "PAYMENT_NOT_APPROVED", "The payment was not approved."),
      answer(500, "APPROVAL_REJECTED", "The approval was rejected."),
      answer(500, "EXPIRED", "The request expired."),
      answer(500, "TRANSACTION_CANCELED", "The transaction was canceled."),
      answer(500, "COULD_NOT_PERFORM_TRANSACTION", "Could not perform the transaction."),
      answer(500, "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
      answer(503, "SERVICE_UNAVAILABLE", "The service is currently unavailable."),
      answer(404, "RESOURCE_NOT_FOUND", "Requested resource was not found."),
      answer(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed."));

  private MtnErrorAnswers() {}

  static Optional<Answer> of(String code) {
    return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
  }

  static Answer get(String code) {
    return of(code).orElseThrow(() -> new IllegalArgumentException("not an MTN ErrorReason code: " + code));
  }

  private static Map.Entry<String, Answer> answer(int status, String code, String message) {
    return Map.entry(code, new Answer(status, code, message));
  }
}
