package org.symphony.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.symphony.edge.auth.CurrentTokenVersions;
import org.symphony.engine.serialization.CborSerializable;

/**
 * Each API client's token version, replicated to every node with Distributed Data the way participants'
 * policy versions are (see PolicyVersions): an LWWMap whose clock is the version itself, so the higher
 * version wins every merge; the local snapshot is read on every authenticated request. The database
 * (api_client.token_version) is the source of truth: each node announces the raised versions at start.
 * Bounded by maxClients entries.
 */
final class ClientTokenVersions implements CurrentTokenVersions {

  private static final Logger LOG = LoggerFactory.getLogger(ClientTokenVersions.class);
  private static final Key<LWWMap<String, TokenVersion>> KEY = LWWMapKey.create("symphony-client-token-versions");
  private static final LWWRegister.Clock<TokenVersion> VERSION_CLOCK = (current, v) -> v.version();

  /** The replicated value. */
  record TokenVersion(long version) implements CborSerializable {}

  private final int maxClients;
  private final Duration writeTimeout;
  private final AtomicReference<Map<String, Long>> snapshot = new AtomicReference<>(Map.of());
  private final ActorRef<Command> writer;

  ClientTokenVersions(ActorSystem<?> system, int maxClients, Duration writeTimeout) {
    this.maxClients = maxClients;
    this.writeTimeout = writeTimeout;
    this.writer = system.systemActorOf(
        Behaviors.supervise(behavior()).onFailure(SupervisorStrategy.restart()), "symphony-client-token-versions", Props.empty());
  }

  @Override
  public long current(String clientId) {
    return snapshot.get().getOrDefault(clientId, INITIAL);
  }

  /** Announces a version (no effect if a higher one is known); applied here at once, then replicated. */
  void publish(String clientId, long version) {
    Map<String, Long> known = snapshot.get();
    if (!known.containsKey(clientId) && known.size() >= maxClients) {
      LOG.error("token version {} of client {} not replicated: already {} clients (symphony.node.token-versions.max-clients)",
          version, clientId, known.size());
      return;
    }
    merge(Map.of(clientId, version));
    writer.tell(new Publish(clientId, version));
  }

  private void merge(Map<String, Long> incoming) {
    snapshot.updateAndGet(known -> {
      Map<String, Long> next = new HashMap<>(known);
      incoming.forEach((id, v) -> next.merge(id, v, Math::max));
      return Map.copyOf(next);
    });
  }

  private sealed interface Command {}

  private record Publish(String clientId, long version) implements Command {}

  private record Written(Replicator.UpdateResponse<LWWMap<String, TokenVersion>> response) implements Command {}

  private record Replicated(Replicator.SubscribeResponse<LWWMap<String, TokenVersion>> change) implements Command {}

  private Behavior<Command> behavior() {
    return Behaviors.setup(ctx -> {
      SelfUniqueAddress node = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
      return DistributedData.<Command, LWWMap<String, TokenVersion>>withReplicatorMessageAdapter(replicator -> {
        replicator.subscribe(KEY, Replicated::new);
        return Behaviors.receive(Command.class)
            .onMessage(Publish.class, p -> write(replicator, node, p))
            .onMessage(Written.class, w -> {
              // On timeout the write is applied locally already and gossip carries it on.
              if (!(w.response() instanceof Replicator.UpdateSuccess)) LOG.warn("token version write: {}", w.response());
              return Behaviors.same();
            })
            .onMessage(Replicated.class, this::replicated)
            .build();
      });
    });
  }

  private Behavior<Command> write(
      ReplicatorMessageAdapter<Command, LWWMap<String, TokenVersion>> replicator, SelfUniqueAddress node, Publish p) {
    replicator.askUpdate(
        replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(), new Replicator.WriteMajority(writeTimeout), replyTo,
            map -> {
              var existing = map.get(p.clientId());
              if (existing.isDefined() && existing.get().version() >= p.version()) return map;
              return map.put(node, p.clientId(), new TokenVersion(p.version()), VERSION_CLOCK);
            }),
        Written::new);
    return Behaviors.same();
  }

  private Behavior<Command> replicated(Replicated r) {
    if (r.change() instanceof Replicator.Changed<LWWMap<String, TokenVersion>> changed) {
      Map<String, Long> versions = new HashMap<>();
      changed.get(KEY).getEntries().forEach((id, v) -> versions.put(id, v.version()));
      merge(versions);
    }
    return Behaviors.same();
  }
}
