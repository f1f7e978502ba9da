package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.audit.readmodel.LedgerAccounts;
import org.symphony.audit.readmodel.ReadModelQueries;
import org.symphony.audit.verify.Cadence;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.NodeSummary;
import org.symphony.audit.verify.ProgressListener;
import org.symphony.audit.verify.TrustedKeys;
import org.symphony.audit.verify.VerificationReport;
import org.symphony.persistence.DatabaseSettings;
import org.symphony.persistence.SymphonyDatabase;
import org.symphony.persistence.backup.BackupCatalog;

/**
 * The point-in-time restore drill: a node that archives its WAL, a base backup, a first wave of instructions (each
 * 202 and its time recorded), the target time T, a second wave, the WAL forced into the archive; then
 * `symphony restore --to T` into a fresh directory. On the restored database every instruction acknowledged before T
 * is there (journal and read model), none sent after T is, the ledger balances (INV-LEDGER) and the attestation
 * chain verifies against the node's signed checkpoints (INV-CHAIN).
 */
@Timeout(420)
class PointInTimeRestoreDrillNodeTest {

  private static final int PER_PARTICIPANT = 40;
  private static final int PARTICIPANTS = 2;
  /** Small, so that both waves are covered by signed checkpoints. */
  private static final int CHECKPOINT_EVERY_ROWS = 20;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED");
  private static final Pattern SEGMENTS = Pattern.compile("(\\d+) WAL segments replayed");

  @TempDir Path home;
  @TempDir Path restoredHome;

  record Ack(String instructionId, String participantId, long amountMinor, Instant sentAt, Instant acknowledgedAt) {}

  @Test
  void restoreToTKeepsEveryInstructionAcknowledgedBeforeTAndNoneSentAfterIt() throws Exception {
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.BCDR, "pitr_restore", getClass())) {
      List<Ack> before;
      List<Ack> after;
      Instant target;
      String label;
      Map<String, Long> committedAtTarget;
      NodeOptions options = TestNodes.options(home)
          .withOverride("symphony.persistence.embedded.wal-archive.enabled", true)
          .withOverride("symphony.audit.checkpoints.every-rows", CHECKPOINT_EVERY_ROWS);
      try (SymphonyNode node = SymphonyNode.start(options)) {
        CommandRun backup = CommandRun.of("backup", "--home", home.toString());
        assertEquals(0, backup.exit(), backup.err());
        label = BackupCatalog.read(home.resolve("backups")).newest().orElseThrow().label();

        var edge = new EdgeClient(node.edgeUrl());
        Map<String, String> tokens = new HashMap<>();
        for (var p : node.credentials().participants().subList(0, PARTICIPANTS)) tokens.put(p.subject(), edge.token(p));

        before = wave(edge, tokens, "before");
        Await.until(SETTLE, () -> settled(node.database().dataSource(), before),
            () -> "wave 1 settled in the read model (status and ledger) before T");
        committedAtTarget = longs(node.database().dataSource(),
            "SELECT participant_id, sum(amount_minor) FROM instruction_status WHERE status = 'SUCCEEDED' GROUP BY participant_id");
        target = Instant.now();
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(target), () -> "the clock passes T");
        after = wave(edge, tokens, "after");
        for (Ack a : after) assertTrue(a.sentAt().isAfter(target), "wave 2 is sent after T");

        String segment;
        try (Connection c = TestNodes.superuser(home); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
          rs.next();
          segment = rs.getString(1);
        }
        Path archived = home.resolve("wal-archive").resolve(segment);
        Await.until(Duration.ofSeconds(60), () -> Files.isRegularFile(archived), () -> segment + " archived");
      }

      long started = System.nanoTime();
      CommandRun restore = CommandRun.of("restore", "--home", home.toString(), "--to", target.toString(),
          "--target", restoredHome.resolve("pg").toString());
      double restoreSeconds = (System.nanoTime() - started) / 1e9;
      assertEquals(0, restore.exit(), restore.err() + restore.out());
      Matcher segments = SEGMENTS.matcher(restore.out());
      assertTrue(segments.find(), restore.out());

      DatabaseSettings restored = DatabaseSettings.load().withoutExternal().withPort(0).withEphemeral(false)
          .withDataDir(restoredHome.resolve("pg")).withPoolSize(2).withOwnerPoolSize(1);
      try (SymphonyDatabase db = SymphonyDatabase.start(restored)) {
        DataSource ds = db.ownerDataSource();
        Set<String> inReadModel = strings(ds, "SELECT instruction_id FROM instruction_status");
        Set<String> inJournal = strings(ds, "SELECT DISTINCT substr(persistence_id, length('Instruction|') + 1) FROM event_journal"
            + " WHERE persistence_id LIKE 'Instruction|%'");
        List<String> lost = before.stream().map(Ack::instructionId)
            .filter(id -> !inReadModel.contains(id) || !inJournal.contains(id)).toList();
        List<Ack> acknowledgedAfterTarget = after.stream().filter(a -> a.acknowledgedAt().isAfter(target)).toList();
        List<String> resurrected = acknowledgedAfterTarget.stream().map(Ack::instructionId)
            .filter(id -> inReadModel.contains(id) || inJournal.contains(id)).toList();

        long unbalanced = new ReadModelQueries(ds, Runnable::run).unbalancedInstructions().toCompletableFuture().get();
        Map<String, Long> committedByStatus = longs(ds,
            "SELECT participant_id, sum(amount_minor) FROM instruction_status WHERE status = 'SUCCEEDED' GROUP BY participant_id");
        Map<String, Long> settlement = longs(ds,
            "SELECT account, sum(amount_minor) FROM ledger_line WHERE account LIKE 'participant:%:settlement' GROUP BY account");
        Map<String, Long> committedByLedger = new HashMap<>();
        committedByStatus.keySet().forEach(p -> committedByLedger.put(p, settlement.getOrDefault(LedgerAccounts.settlement(p), 0L)));
        long linesOfUnsettled = count(ds, "SELECT count(*) FROM ledger_line l JOIN instruction_status s USING (instruction_id)"
            + " WHERE s.status <> 'SUCCEEDED'");
        long settledWithoutLines = count(ds, "SELECT count(*) FROM instruction_status s WHERE s.status = 'SUCCEEDED'"
            + " AND NOT EXISTS (SELECT 1 FROM ledger_line l WHERE l.instruction_id = s.instruction_id)");
        long reserved = count(ds, "SELECT coalesce(sum(amount_minor), 0) FROM instruction_status WHERE status NOT IN ('SUCCEEDED', 'FAILED', 'REJECTED')");
        boolean ledgerBalanced = unbalanced == 0 && committedByLedger.equals(committedByStatus) && linesOfUnsettled == 0
            && settledWithoutLines == 0 && reserved == 0
            && committedByStatus.equals(committedAtTarget);

        TrustedKeys trusted = TrustedKeys.of(CheckpointKeys.load(home.resolve("keys").resolve(CheckpointKeys.DEFAULT_FILE_NAME)).publicKey());
        Cadence cadence = Cadence.fromConfig(ConfigFactory.defaultReference()).withEveryRows(CHECKPOINT_EVERY_ROWS);
        VerificationReport chain = new ChainVerifier(ds, ChainVerifier.Options.DEFAULTS.withTrustedKeys(trusted).withCadence(cadence))
            .verify(ProgressListener.NONE);
        long checkpoints = chain.nodes().stream().mapToLong(NodeSummary::checkpointsChecked).sum();
        boolean chainVerified = chain.isIntact() && checkpoints > 0;
        long ledgerLines = count(ds, "SELECT count(*) FROM ledger_line");

        evidence.measured("restore_seconds", restoreSeconds)
            .measured("rows_checked", chain.rowsChecked() + inReadModel.size() + ledgerLines)
            .measured("attestations_checked", chain.rowsChecked())
            .measured("checkpoints_verified", checkpoints)
            .measured("instructions_before_target", before.size() - lost.size())
            .measured("instructions_acknowledged_before_target", before.size())
            .measured("instructions_after_target_absent", acknowledgedAfterTarget.size() - resurrected.size())
            .measured("instructions_acknowledged_after_target", acknowledgedAfterTarget.size())
            .measured("chain_verified", chainVerified)
            .measured("ledger_balanced", ledgerBalanced)
            .measured("target_time", target.toString())
            .measured("base_backup_label", label)
            .measured("wal_segments_replayed", Long.parseLong(segments.group(1)))
            .check("acknowledged_before_target_present", lost.isEmpty())
            .check("acknowledged_after_target_absent", resurrected.isEmpty())
            .check("ledger_balanced", ledgerBalanced)
            .check("chain_verified", chainVerified);

        assertEquals(List.of(), lost, "every instruction acknowledged before T is in the restored journal and read model");
        assertEquals(List.of(), resurrected, "no instruction acknowledged after T is");
        assertEquals(0, unbalanced, "every instruction's ledger lines sum to zero");
        assertEquals(committedByStatus, committedByLedger, "each participant's settlement position = its succeeded amounts");
        assertEquals(committedAtTarget, committedByStatus, "committed per participant = what the node had committed at T");
        assertEquals(0, linesOfUnsettled + settledWithoutLines, "lines exactly for succeeded instructions");
        assertEquals(0, reserved, "nothing reserved: wave 1 had settled before T");
        assertTrue(chain.isIntact(), "the restored chain verifies: " + chain.breaks());
        assertTrue(checkpoints > 0, "against signed checkpoints");
      }
      evidence.pass();
    }
  }

  /** PER_PARTICIPANT instructions per participant, all at once; each must get its 202. */
  private static List<Ack> wave(EdgeClient edge, Map<String, String> tokens, String name) throws Exception {
    List<CompletableFuture<Ack>> sent = new ArrayList<>();
    for (var t : tokens.entrySet()) {
      for (int i = 0; i < PER_PARTICIPANT; i++) {
        long minor = 100L * (i % 7 + 1);
        String amount = (minor / 100) + ".00";
        Instant sentAt = Instant.now();
        sent.add(edge.submit(t.getValue(), name + "-" + t.getKey() + "-" + i, EdgeClient.body(amount, "+260961234567", name + i))
            .thenApply(r -> ack(r, t.getKey(), minor, sentAt)));
      }
    }
    List<Ack> acks = new ArrayList<>();
    for (var f : sent) acks.add(f.get());
    return acks;
  }

  private static Ack ack(HttpResponse<String> r, String participant, long minor, Instant sentAt) {
    Instant at = Instant.now();
    if (r.statusCode() != 202) throw new AssertionError("expected 202, got " + r.statusCode() + " " + r.body());
    try {
      return new Ack(EdgeClient.JSON.readTree(r.body()).get("instructionId").asText(), participant, minor, sentAt, at);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean settled(DataSource ds, List<Ack> acks) throws Exception {
    Set<String> ids = new HashSet<>();
    acks.forEach(a -> ids.add(a.instructionId()));
    try (Connection c = ds.getConnection();
         var ps = c.prepareStatement("SELECT count(*) FROM instruction_status s WHERE instruction_id = ANY (?) AND status = ANY (?)"
             + " AND (status <> 'SUCCEEDED' OR EXISTS (SELECT 1 FROM ledger_line l WHERE l.instruction_id = s.instruction_id))")) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      ps.setArray(2, c.createArrayOf("text", TERMINAL.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == ids.size();
      }
    }
  }

  private static Set<String> strings(DataSource ds, String sql) throws Exception {
    Set<String> out = new HashSet<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  private static Map<String, Long> longs(DataSource ds, String sql) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
    }
    return out;
  }

  private static long count(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
