package org.symphony.engine.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.symphony.engine.participant.Standing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every participant's current policy version, replicated to every node with Pekko Distributed Data, and
 * readable synchronously (from an HTTP directive, say) out of a local snapshot without asking an actor.
 *
 * <p>The replicated value is an LWWMap keyed by participant id whose "timestamp" is the policy version
 * itself (a custom LWWRegister clock), so any two replicas merge to the higher version whatever order
 * writes arrive in, and a lower version written later (a slow node re-announcing after recovery) never
 * overwrites a higher one. Locally, the update function keeps the existing entry when it is not lower,
 * because a put replaces the local register regardless of its timestamp. Versions come from one writer
 * per participant, so two different stamps with the same version do not arise; were they to, the LWW tie
 * rule (lowest node address) still makes every replica agree.
 *
 * <p>Writes go to a majority with a short timeout so most nodes refuse old tokens at once. On timeout the
 * write is not retried: the replicator applied it locally before asking the others, and gossip carries it
 * on. A suspension must take effect where it was made even in a minority partition or while nodes are
 * unreachable; waiting for a quorum would let the suspended participant keep paying.
 *
 * <p>Bounded by {@link PolicySettings#maxParticipants()} entries: a publish for a participant beyond it is
 * refused and logged.
 */
public final class PolicyVersions implements PolicyPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyVersions.class);

  static final Key<LWWMap<String, PolicyStamp>> KEY = LWWMapKey.create("symphony-policy-versions");

  /** The timestamp of an entry is its policy version: the higher version wins every merge. */
  private static final LWWRegister.Clock<PolicyStamp> VERSION_CLOCK = (currentTimestamp, stamp) -> stamp.policyVersion();

  private final PolicySettings settings;
  /** Immutable map, replaced whole; only ever moves each participant's version up. */
  private final AtomicReference<Map<String, PolicyStamp>> snapshot = new AtomicReference<>(Map.of());
  private final ActorRef<Command> writer;

  private PolicyVersions(ActorSystem<?> system, PolicySettings settings) {
    this.settings = settings;
    this.writer =
        system.systemActorOf(
            Behaviors.supervise(behavior()).onFailure(SupervisorStrategy.restart()), "symphony-policy-versions", Props.empty());
  }

  /** Starts the replicating actor on this node (once per system). The system must use the cluster actor provider. */
  public static PolicyVersions start(ActorSystem<?> system, PolicySettings settings) {
    return new PolicyVersions(system, settings);
  }

  /** The latest version this node knows of; empty for a participant never announced. */
  public Optional<PolicyStamp> current(String participantId) {
    return Optional.ofNullable(snapshot.get().get(participantId));
  }

  public OptionalLong currentVersion(String participantId) {
    PolicyStamp stamp = snapshot.get().get(participantId);
    return stamp == null ? OptionalLong.empty() : OptionalLong.of(stamp.policyVersion());
  }

  @Override
  public void publish(String participantId, long policyVersion, Standing standing) {
    PolicyStamp stamp = new PolicyStamp(policyVersion, standing);
    Map<String, PolicyStamp> known = snapshot.get();
    if (!known.containsKey(participantId) && known.size() >= settings.maxParticipants()) {
      LOG.error(
          "policy version {} of participant {} not replicated: already {} participants, the bound (symphony.engine.policy.max-participants)",
          policyVersion, participantId, known.size());
      return;
    }
    // Read-your-writes on this node, before the replicator confirms.
    merge(Map.of(participantId, stamp));
    writer.tell(new Publish(participantId, stamp));
  }

  /** Puts the stamp unless the map already holds this participant at an equal or higher version. */
  static LWWMap<String, PolicyStamp> putIfHigher(
      LWWMap<String, PolicyStamp> map, SelfUniqueAddress node, String participantId, PolicyStamp stamp) {
    var existing = map.get(participantId);
    if (existing.isDefined() && existing.get().policyVersion() >= stamp.policyVersion()) return map;
    return map.put(node, participantId, stamp, VERSION_CLOCK);
  }

  private void merge(Map<String, PolicyStamp> incoming) {
    snapshot.updateAndGet(
        known -> {
          Map<String, PolicyStamp> next = new HashMap<>(known);
          incoming.forEach((id, stamp) -> next.merge(id, stamp, (a, b) -> a.policyVersion() >= b.policyVersion() ? a : b));
          return Map.copyOf(next);
        });
  }

  private sealed interface Command {}

  private record Publish(String participantId, PolicyStamp stamp) implements Command {}

  private record Written(Publish publish, Replicator.UpdateResponse<LWWMap<String, PolicyStamp>> response) implements Command {}

  private record Replicated(Replicator.SubscribeResponse<LWWMap<String, PolicyStamp>> change) implements Command {}

  private Behavior<Command> behavior() {
    return Behaviors.setup(
        ctx -> {
          SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
          return DistributedData.<Command, LWWMap<String, PolicyStamp>>withReplicatorMessageAdapter(
              replicator -> {
                replicator.subscribe(KEY, Replicated::new);
                return Behaviors.receive(Command.class)
                    .onMessage(Publish.class, p -> write(replicator, node, p))
                    .onMessage(Written.class, w -> written(w))
                    .onMessage(Replicated.class, r -> replicated(r))
                    .build();
              });
        });
  }

  private Behavior<Command> write(
      ReplicatorMessageAdapter<Command, LWWMap<String, PolicyStamp>> replicator, SelfUniqueAddress node, Publish p) {
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                KEY,
                LWWMap.empty(),
                new Replicator.WriteMajority(settings.writeTimeout()),
                replyTo,
                map -> putIfHigher(map, node, p.participantId(), p.stamp())),
        response -> new Written(p, response));
    return Behaviors.same();
  }

  private Behavior<Command> written(Written w) {
    if (w.response() instanceof Replicator.UpdateTimeout) {
      // Applied locally already; gossip spreads it to the nodes the majority write did not reach in time.
      LOG.warn("policy version {} of participant {} reached no majority within {}; left to gossip",
          w.publish().stamp().policyVersion(), w.publish().participantId(), settings.writeTimeout());
    } else if (!(w.response() instanceof Replicator.UpdateSuccess)) {
      LOG.error("policy version {} of participant {} not written: {}",
          w.publish().stamp().policyVersion(), w.publish().participantId(), w.response());
    }
    return Behaviors.same();
  }

  private Behavior<Command> replicated(Replicated r) {
    if (r.change() instanceof Replicator.Changed<LWWMap<String, PolicyStamp>> changed) {
      Map<String, PolicyStamp> entries = changed.get(KEY).getEntries();
      if (entries.size() > settings.maxParticipants())
        LOG.warn("{} participants replicated, above the bound of {}: check max-participants on every node",
            entries.size(), settings.maxParticipants());
      merge(entries);
    }
    return Behaviors.same();
  }
}
