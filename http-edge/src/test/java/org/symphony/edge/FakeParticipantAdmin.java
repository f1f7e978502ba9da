package org.symphony.edge;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.symphony.edge.admin.ParticipantAdmin;
import org.symphony.engine.participant.LimitProfile;
import org.symphony.engine.participant.ParticipantCommand.LimitsReply;
import org.symphony.engine.participant.ParticipantEvent;
import org.symphony.engine.participant.ParticipantEvent.PolicyChanged;
import org.symphony.engine.participant.ParticipantState;
import org.symphony.engine.participant.ParticipantView;

/** The participants' policy decisions of the real state type, in memory: known participants only. */
public final class FakeParticipantAdmin implements ParticipantAdmin {

  private final Set<String> known;
  private final Clock clock;
  private final Map<String, ParticipantState> states = new ConcurrentHashMap<>();
  /** Every policy change, oldest first, with the participant it changed. */
  public final List<Recorded> recorded = new CopyOnWriteArrayList<>();

  public record Recorded(String participantId, PolicyChanged event) {}

  FakeParticipantAdmin(Set<String> known, Clock clock) {
    this.known = Set.copyOf(known);
    this.clock = clock;
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> view(String id) {
    return done(id, s -> view(id, s));
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> suspend(String id, String by, String reason) {
    return done(id, s -> view(id, change(id, s.suspend(by, reason, clock.instant()))));
  }

  @Override
  public CompletionStage<Optional<ParticipantView>> resume(String id, String by, String reason) {
    return done(id, s -> view(id, change(id, s.reinstate(by, reason, clock.instant()))));
  }

  @Override
  public CompletionStage<Optional<LimitsReply>> changeLimits(String id, LimitProfile limits, String by, String reason) {
    return done(id, s -> new LimitsReply.Applied(view(id, change(id, s.changeLimits(limits, by, reason, clock.instant())))));
  }

  @Override
  public CompletionStage<Optional<List<PolicyChanged>>> actions(String id, int limit) {
    if (!known.contains(id)) return CompletableFuture.completedFuture(Optional.empty());
    List<PolicyChanged> mine = new ArrayList<>();
    for (Recorded r : recorded) if (r.participantId().equals(id)) mine.add(0, r.event()); // newest first
    return CompletableFuture.completedFuture(Optional.of(mine.subList(0, Math.min(limit, mine.size()))));
  }

  private ParticipantState change(String id, Optional<? extends PolicyChanged> event) {
    ParticipantState s = states.getOrDefault(id, ParticipantState.initial());
    if (event.isEmpty()) return s;
    recorded.add(new Recorded(id, event.get()));
    ParticipantState next = s.apply((ParticipantEvent) event.get());
    states.put(id, next);
    return next;
  }

  private ParticipantView view(String id, ParticipantState s) {
    return new ParticipantView(id, s.standing(), s.policyVersion(), s.limits(), s.lastSequenceId(), s.open().size(), Map.of(), clock.instant());
  }

  private <T> CompletionStage<Optional<T>> done(String id, java.util.function.Function<ParticipantState, T> f) {
    if (!known.contains(id)) return CompletableFuture.completedFuture(Optional.empty());
    return CompletableFuture.completedFuture(Optional.of(f.apply(states.getOrDefault(id, ParticipantState.initial()))));
  }
}
