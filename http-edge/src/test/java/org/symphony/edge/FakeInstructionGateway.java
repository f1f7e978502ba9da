package org.symphony.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.symphony.engine.instruction.InstructionGateway;
import org.symphony.engine.instruction.InstructionStatus;
import org.symphony.engine.instruction.InstructionView;
import org.symphony.engine.instruction.Submission;
import org.symphony.engine.instruction.SubmitReply;

/**
 * An in-memory engine for edge tests. By default it behaves like the real one on the happy path:
 * new key → PENDING with the next sequence id, same key + same body hash → replay, same key + other
 * hash → KeyReused. Tests can replace the answer, fail, or hold submissions until they complete them.
 */
public final class FakeInstructionGateway implements InstructionGateway {

  /** A submission the fake has not answered yet. */
  public record Held(Submission submission, CompletableFuture<SubmitReply> reply) {}

  private final List<Submission> received = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Submission> arrivals = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final Map<String, InstructionView> instructions = new ConcurrentHashMap<>();
  private final Map<String, String> bodyHashes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
  private volatile Function<Submission, CompletionStage<SubmitReply>> responder = this::record;
  // Like the real gateway: only the owner's instructions are found.
  private volatile BiFunction<String, String, CompletionStage<Optional<InstructionView>>> finder =
      (participantId, id) ->
          CompletableFuture.completedFuture(
              Optional.ofNullable(instructions.get(id)).filter(v -> v.participantId().equals(participantId)));

  @Override
  public CompletionStage<SubmitReply> submit(Submission submission) {
    received.add(submission);
    arrivals.add(submission);
    return responder.apply(submission);
  }

  public final java.util.concurrent.ConcurrentLinkedQueue<String> callbacks = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public void railCallback(String instructionId) {
    callbacks.add(instructionId);
  }

  @Override
  public CompletionStage<Optional<InstructionView>> find(String participantId, String instructionId) {
    return finder.apply(participantId, instructionId);
  }

  public void answer(Function<Submission, SubmitReply> reply) {
    responder = s -> CompletableFuture.completedFuture(reply.apply(s));
  }

  public void answerWithStage(Function<Submission, CompletionStage<SubmitReply>> reply) {
    responder = reply;
  }

  public void recordNormally() {
    responder = this::record;
  }

  /** Submissions wait until the test completes them (see {@link #nextHeld}). */
  public void hold() {
    responder =
        s -> {
          CompletableFuture<SubmitReply> reply = new CompletableFuture<>();
          held.add(new Held(s, reply));
          return reply;
        };
  }

  /** answer gets (participantId, instructionId). */
  public void findWith(BiFunction<String, String, CompletionStage<Optional<InstructionView>>> answer) {
    finder = answer;
  }

  public Optional<InstructionView> stored(String instructionId) {
    return Optional.ofNullable(instructions.get(instructionId));
  }

  public List<Submission> received() {
    return List.copyOf(received);
  }

  public Submission nextArrival(Duration within) throws InterruptedException {
    Submission s = arrivals.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) throw new AssertionError("no submission reached the gateway within " + within);
    return s;
  }

  public Held nextHeld(Duration within) throws InterruptedException {
    Held h = held.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (h == null) throw new AssertionError("no held submission within " + within);
    return h;
  }

  public int heldCount() {
    return held.size();
  }

  /** What the engine would answer: a new PENDING instruction, or the outcome of a duplicate. */
  public CompletionStage<SubmitReply> record(Submission s) {
    return CompletableFuture.completedFuture(decide(s));
  }

  public synchronized SubmitReply decide(Submission s) {
    String id = s.instructionId();
    InstructionView existing = instructions.get(id);
    if (existing != null)
      return s.bodySha256().equals(bodyHashes.get(id))
          ? new SubmitReply.Recorded(existing, true)
          : new SubmitReply.KeyReused(id);
    long seq = sequences.computeIfAbsent(s.participantId(), p -> new AtomicLong()).incrementAndGet();
    InstructionView view = pending(s, seq);
    instructions.put(id, view);
    bodyHashes.put(id, s.bodySha256());
    return new SubmitReply.Recorded(view, false);
  }

  public static InstructionView pending(Submission s, long seq) {
    return view(s, seq, InstructionStatus.PENDING, null, null);
  }

  public static InstructionView view(
      Submission s, long seq, InstructionStatus status, String failureCode, String failureDetail) {
    return new InstructionView(
        s.instructionId(),
        s.participantId(),
        seq,
        status,
        s.amount(),
        s.creditor(),
        s.reference(),
        null,
        null,
        failureCode,
        failureDetail,
        s.receivedAt(),
        s.receivedAt());
  }
}
