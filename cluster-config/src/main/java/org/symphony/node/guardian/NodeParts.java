package org.symphony.node.guardian;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.symphony.audit.attest.IngressAttestor;
import org.symphony.persistence.SymphonyDatabase;

/**
 * The node's supervision hierarchy, in one place: each long-lived part and what happens when it fails.
 *
 * <pre>
 * NodeGuardian (root)
 *  ├─ database      DatabaseKeeper: probes writes, restarts a dead embedded postmaster   restart with backoff
 *  ├─ attestation   AttestationWatch: the ingress attestation writer                    STOP THE NODE
 *  ├─ edge          EdgeBinding: the HTTP edge's binding (readiness waits for it)        restart with backoff
 *  └─ backups       ScheduledBackups: base backups and their retention (only when       restart with backoff
 *                   symphony.persistence.backup.interval is set and the WAL is archived)
 * Cluster-managed parts, started by the node on the same system with their own backoff settings:
 *  ├─ sharding      Instruction and Participant entities     restart with backoff on persist failure, state
 *  │                                                          rebuilt from the journal (InstructionEntity, ParticipantEntity)
 *  ├─ read-model    projection (sharded daemon)              pekko.projection.restart-backoff
 *  ├─ reconciliation worker (cluster singleton)               symphony.audit.reconciliation.restart-{min,max}-backoff
 *  └─ rail clients  connection pools and circuit breakers    a breaker opens per rail; calls fail fast, then probe
 * </pre>
 *
 * Settings: {@code symphony.node.guardian} (see node.conf).
 */
public final class NodeParts {

  private final Config settings;

  public NodeParts(Config guardianSettings) {
    this.settings = guardianSettings;
  }

  /** Restart with backoff: the database comes back by itself (or is restarted), the node resumes. */
  public GuardedChild database(SymphonyDatabase db, NodeHealth health, Executor blocking, Clock clock) {
    return new GuardedChild(
        "database",
        DatabaseKeeper.create(kept(db), DatabaseKeeperSettings.fromConfig(settings.getConfig("database")), health, blocking, clock),
        restart());
  }

  /** Stop the node: a node whose attestation writer is gone could never accept a request again (promise 1). */
  public GuardedChild attestation(IngressAttestor attestor, NodeHealth health) {
    health.attestor(attestor::isHealthy);
    return new GuardedChild(
        "attestation",
        AttestationWatch.create(attestor::writerRunning, settings.getDuration("attestation.check-interval")),
        new ChildStrategy.StopNode("without its attestation writer the node could not attest (and so not accept) any request"));
  }

  /** Restart with backoff: a port that is taken now may be free in a moment; readiness is false meanwhile. */
  public GuardedChild edge(
      Supplier<CompletionStage<ServerBinding>> bind, NodeHealth health, CompletableFuture<ServerBinding> firstBound) {
    return new GuardedChild("edge", EdgeBinding.create(bind, health, firstBound), edgeRestart());
  }

  /** Restart with backoff: a failed backup is taken again later; present only when scheduled backups are configured. */
  public Optional<GuardedChild> backups(SymphonyDatabase db, Config nodeConfig, java.nio.file.Path dataDir, boolean ephemeral,
      Executor blocking, Clock clock) {
    return org.symphony.node.backup.ScheduledBackups.child(db, nodeConfig, dataDir, ephemeral, blocking, clock);
  }

  private ChildStrategy restart() {
    return backoff(settings.getConfig("restart"));
  }

  private ChildStrategy edgeRestart() {
    return backoff(settings.getConfig("edge-restart"));
  }

  private static ChildStrategy backoff(Config c) {
    return new ChildStrategy.RestartWithBackoff(
        c.getDuration("min-backoff"), c.getDuration("max-backoff"), c.getDouble("random-factor"));
  }

  private static KeptDatabase kept(SymphonyDatabase db) {
    return new KeptDatabase() {
      @Override
      public Optional<String> probeWritable(Duration timeout) {
        return db.probeWritable(timeout);
      }

      @Override
      public boolean restartable() {
        return db.isEmbedded();
      }

      @Override
      public boolean serverProcessAlive() {
        return db.serverProcessAlive();
      }

      @Override
      public void restart() {
        db.restartEmbeddedServer();
      }

      @Override
      public String describe() {
        return db.toString(); // the URL without credentials
      }
    };
  }
}
