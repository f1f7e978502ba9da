package org.symphony.audit.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each signed chain head outside the database: a log line, the head file (when configured) and the
 * position a metric reports. Whoever can rewrite the database cannot reach these, so a verifier given the head
 * notices when the database holds less than the node signed.
 *
 * <p>The head file is evidence and is never moved backwards: a head behind the published one is not written, and if
 * at start the database no longer holds the published head (the tail was cut while the node was down), the file is
 * frozen as it is until an operator moves it away.
 */
public final class SignedHeadPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(SignedHeadPublisher.class);
  private static final int QUERY_TIMEOUT_SECONDS = 10;

  private final String nodeId;
  private final Optional<Path> file;
  private final boolean frozen;
  private final AtomicLong signedSeq;

  private SignedHeadPublisher(String nodeId, Optional<Path> file, boolean frozen, long signedSeq) {
    this.nodeId = nodeId;
    this.file = file;
    this.frozen = frozen;
    this.signedSeq = new AtomicLong(signedSeq);
  }

  /** Reads the published head (if any) and checks that the database still holds it. Blocking. */
  public static SignedHeadPublisher open(String nodeId, Optional<Path> file, DataSource db) throws IOException {
    Optional<Checkpoint> published = file.isPresent() ? readIfPresent(file.get()) : Optional.empty();
    if (published.isEmpty() || !published.get().nodeId().equals(nodeId)) {
      return new SignedHeadPublisher(nodeId, file, false, 0);
    }
    Checkpoint head = published.get();
    Optional<String> stored = storedHash(db, nodeId, head.nodeSeq());
    boolean held = stored.isPresent() && stored.get().equals(head.hash());
    if (!held) {
      LOG.error("ATTESTATION CHAIN CUT: node {} signed node_seq {} (hash {}) but the database holds {}; {} is kept as "
              + "evidence and no longer replaced (move it away once investigated)",
          nodeId, head.nodeSeq(), head.hash(), stored.map(h -> "another hash there").orElse("no such row"), file.get());
    }
    return new SignedHeadPublisher(nodeId, file, !held, head.nodeSeq());
  }

  /** Publishes a checkpoint that has just been stored. Never throws for the file: the database copy is stored. */
  public void publish(Checkpoint head) {
    LOG.info("signed chain head: node={} node_seq={} hash={} signed_at={} key={}", head.nodeId(), head.nodeSeq(),
        head.hash(), head.signedAt(), head.keyId());
    signedSeq.accumulateAndGet(head.nodeSeq(), Math::max);
    if (file.isEmpty() || frozen) return;
    try {
      Optional<Checkpoint> published = readIfPresent(file.get());
      if (published.isPresent() && published.get().nodeId().equals(nodeId) && published.get().nodeSeq() > head.nodeSeq()) {
        LOG.error("not publishing node_seq {} of node {}: {} holds node_seq {} already", head.nodeSeq(), nodeId, file.get(),
            published.get().nodeSeq());
        return;
      }
      SignedHeadFile.write(file.get(), head);
    } catch (IOException e) {
      LOG.warn("could not publish the signed chain head of node {} to {}: {}", nodeId, file.get(), e.toString());
    }
  }

  /** True when the published head was found cut from the database at start. */
  public boolean frozen() {
    return frozen;
  }

  /** The highest node_seq signed (published, or found published at start); 0 for none. */
  public long signedSeq() {
    return signedSeq.get();
  }

  private static Optional<Checkpoint> readIfPresent(Path file) throws IOException {
    if (!Files.exists(file)) return Optional.empty();
    try {
      return Optional.of(SignedHeadFile.read(file));
    } catch (NoSuchFileException raced) {
      return Optional.empty();
    }
  }

  private static Optional<String> storedHash(DataSource db, String nodeId, long nodeSeq) {
    String sql = "SELECT hash FROM ingress_attestation WHERE node_id = ? AND node_seq = ? ORDER BY received_at LIMIT 1";
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      ps.setString(1, nodeId);
      ps.setLong(2, nodeSeq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read node " + nodeId + "'s row " + nodeSeq, e);
    }
  }
}
