package org.symphony.edge.instructions;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.attest.Attestation;
import org.symphony.edge.attest.AttestationSlip;
import org.symphony.edge.attest.Blackhole;
import org.symphony.edge.attest.IngressAttestation;
import org.symphony.edge.auth.BearerAuth;
import org.symphony.edge.auth.Caller;
import org.symphony.edge.auth.Role;
import org.symphony.edge.auth.Scopes;
import org.symphony.edge.http.Admission;
import org.symphony.edge.http.Endpoint;
import org.symphony.edge.http.Json;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.edge.problem.Problems;
import org.symphony.edge.problem.StrictBody;
import org.symphony.engine.instruction.InstructionGateway;
import org.symphony.engine.instruction.InstructionId;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.instruction.InstructionView;
import org.symphony.engine.instruction.Submission;
import org.symphony.engine.instruction.SubmitReply;

/**
 * The participant API for instructions. Checks run in a fixed order — token, content type and size,
 * Idempotency-Key, body — and only a fully valid request takes an admission slot and reaches the
 * engine. The participant id is the token's subject and nothing else.
 */
public final class InstructionRoutes {

  public static final Endpoint SUBMIT = new Endpoint("POST", "/v1/instructions");
  public static final Endpoint FIND = new Endpoint("GET", "/v1/instructions/{instructionId}");
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private static final Logger log = LoggerFactory.getLogger(InstructionRoutes.class);

  private final InstructionGateway gateway;
  private final BearerAuth auth;
  private final Admission submissions;
  private final Admission reads;
  private final InstructionLimits limits;
  private final IngressAttestation attestation;
  private final Blackhole blackhole;

  public InstructionRoutes(
      InstructionGateway gateway,
      BearerAuth auth,
      Admission submissions,
      Admission reads,
      InstructionLimits limits,
      IngressAttestation attestation,
      Blackhole blackhole) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.submissions = Objects.requireNonNull(submissions, "submissions");
    this.reads = Objects.requireNonNull(reads, "reads");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.attestation = Objects.requireNonNull(attestation, "attestation");
    this.blackhole = Objects.requireNonNull(blackhole, "blackhole");
  }

  /** The operations of this class by endpoint; inner functions get the path parameters. */
  public Map<Endpoint, Function<List<String>, Route>> operations() {
    Map<Endpoint, Function<List<String>, Route>> ops = new LinkedHashMap<>();
    // Every answer of SUBMIT, refusals included, is attested before it is sent (promise 1).
    ops.put(
        SUBMIT,
        params ->
            attestation.around(
                slip -> auth.require(Role.PARTICIPANT, Scopes.INSTRUCTIONS_WRITE, slip::identified, caller -> submit(slip, caller))));
    ops.put(
        FIND,
        params -> auth.require(Role.PARTICIPANT, Scopes.INSTRUCTIONS_READ, caller -> find(caller, params.get(0))));
    return ops;
  }

  private Route submit(AttestationSlip slip, Caller caller) {
    slip.identified(caller);
    return extractRequest(
        request -> {
          if (!isJson(request.entity().getContentType().mediaType()))
            return Problems.complete(
                Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "send the instruction as application/json"));
          return StrictBody.read(
              limits.maxBodyBytes(),
              limits.bodyReadTimeout(),
              entity -> extractRequest(withBody -> submit(slip, caller, withBody, entity)));
        });
  }

  private Route submit(AttestationSlip slip, Caller caller, HttpRequest request, HttpEntity.Strict entity) {
    byte[] body = entity.getData().toArray();
    String bodySha256 = sha256Hex(body);
    slip.body(bodySha256);
    Checked<String> key = IdempotencyKey.from(request);
    if (key instanceof Checked.Refused<String> refused) return Problems.complete(refused.problem());
    Checked<InstructionRequest> parsed = InstructionRequest.parse(body);
    if (parsed instanceof Checked.Refused<InstructionRequest> refused) return Problems.complete(refused.problem());
    InstructionRequest valid = ((Checked.Ok<InstructionRequest>) parsed).value();

    Optional<Admission.Permit> permit = submissions.tryAcquire();
    if (permit.isEmpty())
      return Problems.complete(
          Problem.of(ProblemCode.OVERLOADED, "too many submissions in progress; retry with the same Idempotency-Key"),
          Problems.retryAfter(limits.retryAfter()));
    // Attested and committed before the engine sees anything; no attestation, no execution.
    return onSuccess(
        attestation.forward(slip),
        attested -> {
          if (attested.isEmpty()) {
            permit.get().release();
            return attestation.unavailable();
          }
          if (blackhole.swallows(slip.requestId())) {
            permit.get().release();
            return engineUnavailable("the request was lost before reaching the engine").route();
          }
          Submission submission =
              new Submission(
                  caller.subject(),
                  ((Checked.Ok<String>) key).value(),
                  bodySha256,
                  valid.amount(),
                  valid.creditor(),
                  valid.reference(),
                  attested.get().attestationId(),
                  slip.receivedAt());
          return onSuccess(
              EngineAnswer.ask(() -> gateway.submit(submission), permit.get(), limits.engineTimeout()),
              engine -> {
                SubmitAnswer answer = answer(caller, submission, engine);
                recordOutcome(attested.get(), submission, answer);
                return answer.route();
              });
        });
  }

  /** Closes the attestation (INV-GAP) with the outcome and status of the answer that is sent. */
  private void recordOutcome(Attestation attested, Submission submission, SubmitAnswer answer) {
    try {
      attestation.ledger().outcome(attested.attestationId(), submission.instructionId(), answer.outcome(), answer.status());
    } catch (RuntimeException e) {
      // A lost outcome shows up as a gap, which the repair worker resolves from the journal.
      log.warn("could not record the outcome of attestation {}: {}", attested.attestationId(), e.toString());
    }
  }

  private SubmitAnswer answer(Caller caller, Submission submission, EngineAnswer<SubmitReply> answer) {
    if (answer instanceof EngineAnswer.Unreachable<SubmitReply> unreachable) {
      log.warn("engine did not answer submission {}: {}", submission.instructionId(), unreachable.error().toString());
      return engineUnavailable(
          "the engine did not answer in time; retry with the same Idempotency-Key to learn the outcome");
    }
    SubmitReply reply = ((EngineAnswer.Answered<SubmitReply>) answer).value();
    if (reply instanceof SubmitReply.Recorded recorded) return recorded(caller, recorded);
    if (reply instanceof SubmitReply.KeyReused reused)
      return new SubmitAnswer.Refused(
          Problem.of(
                  ProblemCode.IDEMPOTENCY_KEY_REUSED,
                  "this Idempotency-Key was used with a different body; nothing was done")
              .with("instructionId", reused.instructionId()));
    if (reply instanceof SubmitReply.Unavailable unavailable) {
      // Per request at debug only: under shedding this is every refused request; the node counts them by outcome.
      log.debug("engine unavailable for {}: {}", submission.instructionId(), unavailable.reason());
      return engineUnavailable("the engine could not decide now and nothing was accepted; retry later");
    }
    log.error("engine replied {} to submission {}", reply, submission.instructionId());
    return internalError();
  }

  private SubmitAnswer recorded(Caller caller, SubmitReply.Recorded recorded) {
    InstructionView view = recorded.instruction();
    if (view == null || !caller.subject().equals(view.participantId())) {
      log.error("engine recorded an instruction for another participant than {}", caller.subject());
      return internalError();
    }
    List<HttpHeader> headers = new ArrayList<>();
    headers.add(Location.create(FIND.pathTemplate().replace("{instructionId}", view.instructionId())));
    if (recorded.replay()) headers.add(RawHeader.create(REPLAYED_HEADER, "true"));
    if (view.status() == InstructionStatus.REJECTED)
      return new SubmitAnswer.Refused(
          "REJECTED:" + view.failureCode(),
          Problem.rejectedByPolicy(view.failureCode(), view.failureDetail())
              .with("instructionId", view.instructionId())
              .with("sequenceId", view.sequenceId())
              // RFC 9457 reserves "status" for the HTTP status: the instruction's goes here
              .with("instructionStatus", view.status().name()),
          headers);
    // A new instruction and the replay of one still in progress (the recorded acceptance) are 202;
    // the replay of one with an outcome (final or UNKNOWN_OUTCOME) is 200 with that outcome.
    int status = recorded.replay() && view.status() != InstructionStatus.PENDING ? 200 : 202;
    return new SubmitAnswer.Instruction(
        recorded.replay() ? "REPLAYED" : "ACCEPTED", status, headers, Json.bytes(InstructionJson.of(view)));
  }

  private Route find(Caller caller, String instructionId) {
    // A malformed id cannot exist: answer as for any unknown id, without asking the engine.
    if (!InstructionId.isWellFormed(instructionId)) return notFound();
    Optional<Admission.Permit> permit = reads.tryAcquire();
    if (permit.isEmpty())
      return Problems.complete(
          Problem.of(ProblemCode.OVERLOADED, "too many reads in progress"), Problems.retryAfter(limits.retryAfter()));
    return onSuccess(
        EngineAnswer.ask(() -> gateway.find(caller.subject(), instructionId), permit.get(), limits.engineTimeout()),
        answer -> {
          if (answer instanceof EngineAnswer.Unreachable<Optional<InstructionView>> unreachable) {
            log.warn("engine did not answer a read of {}: {}", instructionId, unreachable.error().toString());
            return engineUnavailable("the engine did not answer in time; retry later").route();
          }
          Optional<InstructionView> view = ((EngineAnswer.Answered<Optional<InstructionView>>) answer).value();
          // Someone else's instruction gets the same answer as a missing one: existence is not leaked.
          if (view == null || view.isEmpty() || !caller.subject().equals(view.get().participantId()))
            return notFound();
          return complete(
              HttpResponse.create()
                  .withStatus(200)
                  .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(InstructionJson.of(view.get()))));
        });
  }

  private Route notFound() {
    return Problems.complete(Problem.of(ProblemCode.INSTRUCTION_NOT_FOUND, "no such instruction"));
  }

  private SubmitAnswer.Refused engineUnavailable(String detail) {
    return new SubmitAnswer.Refused(
        Problem.of(ProblemCode.ENGINE_UNAVAILABLE, detail), Problems.retryAfter(limits.retryAfter()));
  }

  private static SubmitAnswer.Refused internalError() {
    return new SubmitAnswer.Refused(
        Problem.of(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; it has been logged"));
  }

  private static boolean isJson(MediaType mediaType) {
    return mediaType.mainType().equals("application") && mediaType.subType().equals("json");
  }

  static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
