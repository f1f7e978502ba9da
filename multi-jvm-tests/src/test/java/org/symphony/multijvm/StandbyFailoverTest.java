package org.symphony.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;
import org.symphony.persistence.HotStandby;
import org.symphony.persistence.ReplicationPrimary;
import org.symphony.persistence.StandbySettings;

/**
 * BC/DR drill: a node on a primary PostgreSQL 18 with a synchronous hot standby (both started by the project, in this
 * JVM); participants submit through the edge; the primary's postmaster is SIGKILLed under load and the standby
 * promoted. The same node carries on (its pools name both servers, targetServerType=primary). RPO = 0: every
 * instruction that got a 202 is in the promoted database's journal; RTO (kill → first 202 of a request sent after the
 * kill) is measured; what was accepted reaches a terminal state and INV-SEQ holds.
 *
 * <p>The node runs as an external-database node: its DatabaseKeeper only probes, so nothing resurrects the old
 * primary behind the promoted one.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StandbyFailoverTest {

  private static final int PER_SECOND = 20;
  /** Accepted before the kill, and after the promotion, before the load stops. */
  private static final int ACCEPTED_BEFORE_KILL = 120;
  private static final int ACCEPTED_AFTER_PROMOTION = 80;
  private static final Duration NODE_START = Duration.ofSeconds(180);
  private static final Duration LOAD_PHASE = Duration.ofSeconds(60);
  private static final Duration RECOVERY = Duration.ofSeconds(90);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);
  /** Lab settings: unaccepted numbers voided quickly so that INV-SEQ can be read within the test (see LabCluster). */
  private static final Map<String, String> NODE_SETTINGS =
      Map.of(
          "symphony.engine.participant.void-unaccepted-after", "15s",
          "symphony.engine.participant.sweep-interval", "3s",
          "symphony.audit.gap.grace", "2s",
          "pekko.actor.creation-timeout", "120s");

  @TempDir Path root;

  @Test
  void primaryKilledUnderLoad_promotedStandbyLosesNoAcceptedInstruction() throws Exception {
    Timeline timeline = new Timeline("standby-failover");
    Path logDir = logDir();
    try (EvidenceResult evidence = EvidenceResult.start(EvidenceSection.BCDR, "standby_failover", getClass());
        LabDatabase primary = LabDatabase.startLocal(root.resolve("pg"));
        HotStandby standby =
            HotStandby.start(
                StandbySettings.fromConfig(ConfigFactory.load()).withDataDir(root.resolve("pg-standby")).withPort(0),
                primary.settings(),
                primary.superuserLogin())) {
      ReplicationPrimary.Replication sync = standby.makeSynchronous();
      timeline.note("primary %s, standby on port %d: %s", primary.url(), standby.port(), sync);

      NodeProcess node =
          NodeProcess.start(
              "node-1", root.resolve("home"), NodeProcess.Ports.free(), NODE_SETTINGS, nodeEnvironment(primary, standby), logDir,
              NODE_START);
      try {
        JsonNode dev = node.devJson();
        EdgeApi api = EdgeApi.of(dev);
        timeline.note("node up (pid %d), edge %s", node.pid(), api.edgeUrl());
        LoadDriver load = new LoadDriver("failover", timeline, i -> api.edgeUrl(), LoadDriver.clients(dev, api), PER_SECOND);
        load.target(List.of(0));
        load.start();

        Await.until("" + ACCEPTED_BEFORE_KILL + " accepted before the kill", LOAD_PHASE, () -> load.accepted() >= ACCEPTED_BEFORE_KILL, load::progress);
        String syncStateBeforeKill = standby.replication().map(ReplicationPrimary.Replication::syncState).orElse("none");
        long killAt = timeline.elapsedMillis();
        ProcessHandle postmaster = ProcessHandle.of(primary.postmasterPid()).orElseThrow();
        postmaster.destroyForcibly(); // SIGKILL: no shutdown checkpoint, no goodbye to the standby
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        timeline.note("primary postmaster %d SIGKILLed (sync_state was %s); %s", postmaster.pid(), syncStateBeforeKill, load.progress());

        Duration promotion = standby.promote();
        long promotedAt = timeline.elapsedMillis();
        timeline.note("standby promoted in %d ms", promotion.toMillis());

        Await.until("a 202 for a request sent after the kill", RECOVERY,
            () -> load.attempts(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED && a.sentAt() > killAt).size() > 0, load::progress);
        Await.until(ACCEPTED_AFTER_PROMOTION + " accepted after the promotion", LOAD_PHASE,
            () -> load.attempts(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED && a.sentAt() >= promotedAt).size() >= ACCEPTED_AFTER_PROMOTION,
            load::progress);
        load.stop();
        timeline.note("load stopped: %s", load.progress());

        List<LoadDriver.Attempt> attempts = load.attempts();
        long firstAfterKill =
            attempts.stream().filter(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED && a.sentAt() > killAt)
                .mapToLong(LoadDriver.Attempt::endedAt).min().orElseThrow();
        double rtoSeconds = (firstAfterKill - killAt) / 1000.0;
        List<LoadDriver.Attempt> accepted = attempts.stream().filter(LoadDriver.Attempt::accepted).toList();
        Set<String> acknowledged = accepted.stream().map(LoadDriver.Attempt::instructionId).collect(Collectors.toCollection(TreeSet::new));
        long acceptedBeforeKill = attempts.stream().filter(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED && a.endedAt() <= killAt).count();
        long acceptedAfterPromotion = attempts.stream().filter(a -> a.outcome() == LoadDriver.Outcome.ACCEPTED && a.sentAt() >= promotedAt).count();

        // RPO: every acknowledged instruction is in the promoted database's journal.
        Invariants.Connections promoted = () -> java.sql.DriverManager.getConnection(standby.jdbcUrl(), standby.runtimeUser(), standby.runtimePassword());
        Set<String> journaled = journaledInstructions(promoted);
        Set<String> missing = new TreeSet<>(acknowledged);
        missing.removeAll(journaled);
        timeline.note("RPO: %d acknowledged instructions, %d in the promoted journal, %d missing; RTO %.1f s", acknowledged.size(),
            acknowledged.size() - missing.size(), missing.size(), rtoSeconds);

        Invariants.Check terminal = Invariants.terminal(promoted, accepted, SETTLE);
        Invariants.Check[] sequences = new Invariants.Check[1];
        try {
          Await.until("INV-SEQ holds (unaccepted numbers voided)", SETTLE, () -> (sequences[0] = Invariants.sequences(promoted, accepted)).holds());
        } catch (AssertionError notInTime) {
          // reported through the check below
        }
        timeline.note("%s; %s", terminal, sequences[0]);

        long voided = Invariants.voids(promoted).values().stream().mapToLong(List::size).sum();
        evidence
            .measured("rpo_instructions_missing", missing.size())
            .measured("rto_seconds", rtoSeconds)
            .measured("accepted_before_kill", acceptedBeforeKill)
            .measured("accepted_after_promotion", acceptedAfterPromotion)
            .measured("acknowledged_instructions", acknowledged.size())
            .measured("synchronous", syncStateBeforeKill)
            .measured("promotion_seconds", promotion.toMillis() / 1000.0)
            .measured("sequence_numbers_voided", voided)
            .check("rpo_zero", missing.isEmpty())
            .check("synchronous_before_kill", "sync".equals(syncStateBeforeKill))
            .check("inv_terminal", terminal.holds())
            .check("inv_seq", sequences[0] != null && sequences[0].holds());

        assertEquals("sync", syncStateBeforeKill, "the primary waited for the standby when it was killed");
        assertTrue(missing.isEmpty(), "RPO = 0: acknowledged (202) but not in the promoted journal: " + missing);
        assertTrue(acceptedBeforeKill >= ACCEPTED_BEFORE_KILL, "accepted before the kill: " + acceptedBeforeKill);
        assertTrue(terminal.holds(), terminal.detail());
        assertTrue(sequences[0] != null && sequences[0].holds(), String.valueOf(sequences[0]));
        evidence.pass();
      } finally {
        boolean graceful = node.stop(GRACEFUL_STOP);
        timeline.note("node stopped %s (exit %d)", graceful ? "gracefully" : "BY SIGKILL", node.exitValue());
      }
    }
  }

  /** The node's database: both servers, the writable one chosen (the driver re-checks a host's role every second). */
  private static Map<String, String> nodeEnvironment(LabDatabase primary, HotStandby standby) {
    String hosts = primary.url().replace("jdbc:postgresql://", "").replace("/symphony", "") + ",localhost:" + standby.port();
    Map<String, String> env = new LinkedHashMap<>(primary.nodeEnvironment());
    env.put("SYMPHONY_DB_URL", "jdbc:postgresql://" + hosts + "/symphony?targetServerType=primary&hostRecheckSeconds=1");
    return env;
  }

  private static Set<String> journaledInstructions(Invariants.Connections db) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT persistence_id FROM event_journal WHERE persistence_id LIKE 'Instruction|%'")) {
      while (rs.next()) ids.add(rs.getString(1).substring("Instruction|".length()));
    }
    return ids;
  }

  private static Path logDir() {
    String base = System.getProperty("symphony.multijvm.log-dir", System.getProperty("java.io.tmpdir"));
    return Path.of(base).resolve("StandbyFailoverTest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
