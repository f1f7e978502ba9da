package org.symphony.audit.partition;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ingress_attestation's weekly partitions ahead of the clock and archives old ones (audit/CHAIN.md,
 * "Archive"). There is no DEFAULT partition, so a week without a partition refuses its rows: that is fail closed,
 * and this manager's job is to make sure it never happens. Old partitions are detached and kept under their name
 * with a hash manifest in attestation_archive, never dropped.
 *
 * <p>Several nodes may run this at once: each change runs under one cluster-wide advisory lock. Blocking JDBC: run
 * it on a dedicated thread or a blocking dispatcher.
 */
public final class PartitionManager {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);
  private static final String PARENT = "ingress_attestation";
  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(hashtextextended('symphony.ingress_attestation/partitions', 0))";
  // DDL on the parent queues every insert behind it while it waits: give up quickly rather than stall the edge.
  private static final String LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";
  private static final String ARCHIVE_STATEMENT_TIMEOUT = "SET LOCAL statement_timeout = '15min'";
  private static final int FETCH_SIZE = 10_000;
  private static final HexFormat HEX = HexFormat.of();

  private final DataSource dataSource;
  private final PartitionSettings settings;
  private final Clock clock;

  public PartitionManager(DataSource dataSource, PartitionSettings settings, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates the missing partitions for the current week and the {@code weeks-ahead + 1} weeks after it, so that at
   * least {@code weeks-ahead} future partitions exist until the next run even when a week boundary passes in
   * between. Idempotent; takes no lock when nothing is missing. Returns the names it created.
   */
  public List<String> ensureAhead() throws SQLException {
    WeekPartition current = WeekPartition.containing(clock.instant());
    List<WeekPartition> wanted = new ArrayList<>();
    for (int i = 0; i <= settings.weeksAhead() + 1; i++) wanted.add(current.plusWeeks(i));
    try (Connection c = dataSource.getConnection()) {
      if (attachedNames(c).containsAll(wanted.stream().map(WeekPartition::name).toList())) return List.of();
      return inTransaction(c, () -> {
        Set<String> attached = attachedNames(c); // again, under the lock
        List<String> created = new ArrayList<>();
        for (WeekPartition week : wanted) {
          if (attached.contains(week.name())) continue;
          if (relationExists(c, week.name())) {
            LOG.error("{} exists but is not a partition of {} (archived?); not re-creating it, rows of that week are refused",
                week.name(), PARENT);
            continue;
          }
          try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + week.name() + " PARTITION OF " + PARENT
                + " FOR VALUES FROM ('" + week.from() + "') TO ('" + week.to() + "')");
          }
          created.add(week.name());
        }
        if (!created.isEmpty()) LOG.info("Created partitions {}", created);
        return created;
      });
    }
  }

  /** {@link #archiveOlderThan} with the configured retention. */
  public List<ArchivedPartition> archiveExpired() throws SQLException {
    return archiveOlderThan(settings.retention());
  }

  /**
   * Detaches every partition whose week ended at or before now − retention, keeps it as a table under its name and
   * records its manifest (row count, rows_sha256) in attestation_archive, in the same transaction as the detach.
   */
  public List<ArchivedPartition> archiveOlderThan(Duration retention) throws SQLException {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative()) throw new IllegalArgumentException("retention must not be negative: " + retention);
    Instant cutoff = clock.instant().minus(retention);
    List<WeekPartition> due = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      for (String name : attachedNames(c)) {
        WeekPartition.fromName(name).filter(w -> !w.to().isAfter(cutoff)).ifPresent(due::add);
      }
    }
    due.sort(null);
    List<ArchivedPartition> archived = new ArrayList<>();
    for (WeekPartition week : due) archive(week).ifPresent(archived::add);
    return archived;
  }

  /**
   * For a scheduler: {@link #ensureAhead()} then {@link #archiveExpired()}. Logs failures instead of throwing,
   * because a periodic task that throws is cancelled by ScheduledExecutorService.
   */
  public void maintain() {
    try {
      ensureAhead();
    } catch (SQLException | RuntimeException e) {
      LOG.error("Could not create ingress_attestation partitions ahead; rows of a week without one are refused", e);
    }
    try {
      archiveExpired();
    } catch (SQLException | RuntimeException e) {
      LOG.error("Could not archive expired ingress_attestation partitions", e);
    }
  }

  /** The attached weekly partitions, oldest first. */
  public List<WeekPartition> attached() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      List<WeekPartition> weeks = new ArrayList<>();
      for (String name : attachedNames(c)) WeekPartition.fromName(name).ifPresent(weeks::add);
      weeks.sort(null);
      return weeks;
    }
  }

  private Optional<ArchivedPartition> archive(WeekPartition week) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(c, () -> {
        if (!attachedNames(c).contains(week.name())) return Optional.<ArchivedPartition>empty(); // another node did it
        try (Statement s = c.createStatement()) {
          s.execute(ARCHIVE_STATEMENT_TIMEOUT);
          s.execute("LOCK TABLE " + week.name() + " IN SHARE MODE"); // no writes between hashing and detaching
        }
        RowsDigest digest = digest(c, week.name());
        try (Statement s = c.createStatement()) {
          s.execute("ALTER TABLE " + PARENT + " DETACH PARTITION " + week.name());
        }
        ArchivedPartition manifest = new ArchivedPartition(week.name(), week.from(), week.to(), digest.rows(), digest.sha256());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO attestation_archive "
            + "(partition_name, range_start, range_end, row_count, rows_sha256) VALUES (?, ?, ?, ?, ?)")) {
          ps.setString(1, manifest.partitionName());
          ps.setObject(2, OffsetDateTime.ofInstant(manifest.rangeStart(), ZoneOffset.UTC));
          ps.setObject(3, OffsetDateTime.ofInstant(manifest.rangeEnd(), ZoneOffset.UTC));
          ps.setLong(4, manifest.rowCount());
          ps.setString(5, manifest.rowsSha256());
          ps.executeUpdate();
        }
        LOG.info("Archived {}: {} rows, rows_sha256 {}", week.name(), digest.rows(), digest.sha256());
        return Optional.of(manifest);
      });
    }
  }

  private record RowsDigest(long rows, String sha256) {}

  /** SHA-256 over the 32-byte hashes of the rows in (node_id bytewise, node_seq) order; streamed, not loaded. */
  private static RowsDigest digest(Connection c, String table) throws SQLException {
    MessageDigest sha = sha256();
    long rows = 0;
    try (Statement s = c.createStatement()) {
      s.setFetchSize(FETCH_SIZE); // a cursor, since autocommit is off
      try (ResultSet rs = s.executeQuery("SELECT hash FROM " + table + " ORDER BY node_id COLLATE \"C\", node_seq")) {
        while (rs.next()) {
          sha.update(HEX.parseHex(rs.getString(1)));
          rows++;
        }
      }
    }
    return new RowsDigest(rows, HEX.formatHex(sha.digest()));
  }

  private static Set<String> attachedNames(Connection c) throws SQLException {
    String sql = "SELECT child.relname FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid "
        + "WHERE i.inhparent = '" + PARENT + "'::regclass";
    Set<String> names = new TreeSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) names.add(rs.getString(1));
    }
    return names;
  }

  private static boolean relationExists(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs work in one transaction holding the partition lock; rolls back on any failure. */
  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute(LOCK_TIMEOUT);
        s.execute(LOCK);
      }
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        LOG.debug("Could not restore autocommit; the pool resets it", e);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
