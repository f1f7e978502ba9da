package org.symphony.edge.problem;

/**
 * Every stable {@code code} a problem+json response of the edge can carry. Clients branch on these,
 * so a code is never renamed or reused for another meaning; the OpenAPI document lists the same set.
 */
public enum ProblemCode {
  // Routing and transport
  NOT_FOUND(404, "Resource not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  BODY_TOO_LARGE(413, "Request body too large"),
  BODY_UNREADABLE(400, "Request body could not be read"),
  MALFORMED_JSON(400, "Malformed JSON"),
  BAD_REQUEST(400, "Bad request"),
  URI_TOO_LONG(414, "URI too long"),
  HEADERS_TOO_LARGE(431, "Request headers too large"),
  /** Any other HTTP-level refusal; the response's status says which. */
  HTTP_ERROR(400, "HTTP error"),
  REQUEST_TIMEOUT(503, "Request timed out"),
  SHUTTING_DOWN(503, "Node is shutting down"),
  INTERNAL_ERROR(500, "Internal error"),

  // Bearer tokens
  TOKEN_MISSING(401, "Bearer token missing"),
  TOKEN_INVALID(401, "Bearer token invalid"),
  TOKEN_EXPIRED(401, "Bearer token expired"),
  TOKEN_POLICY_STALE(401, "Bearer token older than the participant's policy"),
  TOKEN_REVOKED(401, "Bearer token revoked"),
  FORBIDDEN_ROLE(403, "Role or scope not allowed"),

  // Token endpoint (RFC 6749 error in the "error" member)
  INVALID_REQUEST(400, "Invalid token request"),
  UNSUPPORTED_GRANT_TYPE(400, "Unsupported grant type"),
  INVALID_CLIENT(401, "Client authentication failed"),
  CREDENTIALS_UNAVAILABLE(503, "Credential store unavailable"),
  TOKEN_RATE_LIMITED(429, "Too many token requests"),

  // Instructions: request validation
  IDEMPOTENCY_KEY_MISSING(400, "Idempotency-Key header missing"),
  IDEMPOTENCY_KEY_INVALID(400, "Idempotency-Key header invalid"),
  FIELD_MISSING(400, "Required field missing"),
  FIELD_INVALID(400, "Field has the wrong type"),
  CURRENCY_UNSUPPORTED(400, "Currency not supported"),
  AMOUNT_INVALID(400, "Amount invalid"),
  AMOUNT_NOT_POSITIVE(400, "Amount not positive"),
  AMOUNT_TOO_PRECISE(400, "Amount too precise"),
  AMOUNT_TOO_LARGE(400, "Amount too large"),
  MSISDN_INVALID(400, "MSISDN invalid"),
  MSISDN_UNSUPPORTED_COUNTRY(400, "MSISDN country not routable"),
  REFERENCE_INVALID(400, "Reference invalid"),
  BIC_INVALID(400, "BIC invalid"),
  ACCOUNT_INVALID(400, "Account number invalid"),
  CREDITOR_NAME_INVALID(400, "Creditor name invalid"),

  // Instructions: outcomes
  INSTRUCTION_NOT_FOUND(404, "Instruction not found"),
  IDEMPOTENCY_KEY_REUSED(422, "Idempotency-Key reused with a different body"),
  ENGINE_UNAVAILABLE(503, "Engine unavailable"),
  OVERLOADED(503, "Too many submissions in progress"),
  ATTESTATION_UNAVAILABLE(503, "Ingress attestation unavailable"),
  AUDIT_UNAVAILABLE(503, "Audit query unavailable"),
  READ_MODEL_UNAVAILABLE(503, "Read model unavailable"),
  CALLBACK_REFERENCE_UNKNOWN(404, "Callback names no known transfer"),
  CALLBACK_UNAUTHENTICATED(401, "Callback URL without the rail's secret"),

  // Operator API
  PARTICIPANT_NOT_FOUND(404, "Participant not found"),
  CLIENT_NOT_FOUND(404, "Client not found"),
  MEMBER_NOT_FOUND(404, "Cluster member not found"),
  LIMITS_INVALID(422, "Limits invalid"),

  // Supervision: incidents and the manual intervention queue (four eyes)
  INCIDENT_NOT_FOUND(404, "Incident not found"),
  INTERVENTION_NOT_FOUND(404, "Intervention not found"),
  FOUR_EYES_REQUIRED(403, "A second operator must approve"),
  PROPOSAL_PENDING(409, "A proposal is already waiting for approval"),
  NO_PROPOSAL(409, "No proposal to approve"),
  NOT_RESOLVABLE(409, "Not resolvable this way"),

  // Policy refusals recorded by the engine (status REJECTED); the engine's failureCode is passed through
  PARTICIPANT_SUSPENDED(422, "Participant suspended"),
  LIMIT_SINGLE(422, "Single-instruction limit exceeded"),
  LIMIT_HOURLY(422, "Rolling hourly limit exceeded"),
  LIMIT_DAILY(422, "Rolling daily limit exceeded"),
  NET_DEBIT_CAP(422, "Net debit cap exceeded"),
  RAIL_NOT_CONNECTED(422, "No connected rail serves this creditor"),
  /** A REJECTED instruction whose engine failure code is absent or not a well-formed code. */
  INSTRUCTION_REJECTED(422, "Instruction rejected");

  private final int status;
  private final String title;

  ProblemCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The code for a bare HTTP status produced below our routes (pekko defaults, the HTTP parser). */
  public static ProblemCode forStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> BODY_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 431 -> HEADERS_TOO_LARGE;
      case 500 -> INTERNAL_ERROR;
      default -> HTTP_ERROR;
    };
  }
}
