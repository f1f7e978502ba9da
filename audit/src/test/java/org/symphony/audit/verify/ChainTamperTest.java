package org.symphony.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.ChainHash;
import org.symphony.audit.checkpoint.Checkpoint;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSigner;
import org.symphony.audit.checkpoint.Checkpoints;
import org.symphony.audit.testing.AttestationDb;
import org.symphony.audit.testing.ChainFixture;

/**
 * Each test tampers with a fresh 1,000-row chain (checkpoints every 100) and expects the exact first break. The
 * verifier pins the fixture's key, as a node pins its own; keys in the database are never trusted by themselves.
 */
@Timeout(120)
class ChainTamperTest {

  private static final String NODE = "node-t";
  private static final CheckpointKeys KEYS = CheckpointKeys.generate();
  private static final ChainVerifier.Options PINNED = ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.of(KEYS.publicKey()));
  private static AttestationDb db;
  private static ChainFixture fixture;
  private static Checkpoints checkpoints;

  @BeforeAll
  static void start() {
    db = AttestationDb.start();
    fixture = new ChainFixture(db.dataSource(), KEYS);
    checkpoints = new Checkpoints(db.dataSource());
  }

  @AfterAll
  static void stop() {
    if (db != null) db.close();
  }

  @BeforeEach
  void freshChain() {
    db.clearChains();
    fixture.insertChain(NODE, 1_000, 100);
  }

  @Test
  void freshChainIsIntact() {
    Verified v = verify();
    assertEquals(ChainVerification.INTACT, v.exit(), v.printed());
    assertEquals(List.of(), v.report().breaks());
  }

  @Test
  void editedFieldIsAHashMismatchAtThatRow() {
    String storedHash = fixture.row(NODE, 437).hash();
    db.execute("UPDATE ingress_attestation SET path = '/v1/instructions/forged' WHERE node_id = 'node-t' AND node_seq = 437");
    AttestationRow edited = fixture.row(NODE, 437);
    String recomputed = ChainHash.hashOf(edited, edited.prevHash());

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(brk(437, BreakKind.HASH_MISMATCH, recomputed, storedHash)), v.breaks());
    assertTrue(v.printed().contains("BROKEN node=node-t seq=437 kind=HASH_MISMATCH expected=" + recomputed
        + " stored=" + storedHash + "\n"), v.printed());
  }

  @Test
  void editedRefusalCountIsAHashMismatchAtThatRow() {
    // Row 442 (a multiple of 13) counts refusals: its count and source are covered by its hash.
    AttestationRow stored = fixture.row(NODE, 442);
    assertEquals(new AttestationRow.Refusals(1_326, "127.0.0.1"), stored.refusals());
    db.execute("UPDATE ingress_attestation SET refused_count = 1 WHERE node_id = 'node-t' AND node_seq = 442");
    AttestationRow edited = fixture.row(NODE, 442);

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(brk(442, BreakKind.HASH_MISMATCH, ChainHash.hashOf(edited, edited.prevHash()), stored.hash())),
        v.breaks());
  }

  @Test
  void aCountAddedToARowThatAttestsOneRequestIsAHashMismatch() {
    AttestationRow stored = fixture.row(NODE, 441);
    db.execute("UPDATE ingress_attestation SET refused_count = 5, source_address = '10.0.0.1'"
        + " WHERE node_id = 'node-t' AND node_seq = 441");
    AttestationRow edited = fixture.row(NODE, 441);

    Verified v = verify();

    assertEquals(List.of(brk(441, BreakKind.HASH_MISMATCH, ChainHash.hashOf(edited, edited.prevHash()), stored.hash())),
        v.breaks());
  }

  @Test
  void deletedRowIsASequenceGapAtItsNumber() {
    String signed = fixture.row(NODE, 500).hash();
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'node-t' AND node_seq = 500");

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(
        brk(500, BreakKind.SEQUENCE_GAP, "node_seq=500", "node_seq=501"),
        // row 500 also carried a checkpoint, whose row is now gone
        brk(500, BreakKind.CHECKPOINT_MISMATCH, signed, "-")), v.breaks());
    assertTrue(v.printed().contains("BROKEN node=node-t seq=500 kind=SEQUENCE_GAP"), v.printed());
  }

  @Test
  void forgedDuplicateOfARowIsASequenceRepeatAtItsNumber() {
    AttestationRow original = fixture.row(NODE, 300);
    AttestationRow forged = forgedCopy(original, 1);
    fixture.insert(forged);

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(brk(300, BreakKind.SEQUENCE_REPEATED, "node_seq=301", "node_seq=300")), v.breaks());
  }

  @Test
  void forgedDuplicateSortedBeforeTheOriginalIsStillReportedAtItsNumber() {
    // An earlier received_at makes the forged row the one the chain is followed through at 333.
    fixture.insert(forgedCopy(fixture.row(NODE, 333), -1));

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    ChainBreak first = v.breaks().get(0);
    assertEquals(333, first.sequence());
    assertEquals(BreakKind.SEQUENCE_REPEATED, first.kind());
    assertEquals(BreakKind.PREV_LINK_BROKEN, v.breaks().get(1).kind()); // 334 links to the original, not the forgery
    assertEquals(334, v.breaks().get(1).sequence());
  }

  @Test
  void forgedRowSlippedIntoTheMiddleIsCaughtWhereTheDisplacedRowNoLongerLinks() {
    // Renumber 350..1000 to 351..1001 (via a detour: the primary key is checked row by row) and put a forged row
    // at 350 whose own prev_hash and hash are flawless. It is undetectable on its own; the first detectable position
    // is the displaced original, which links to 349 and hashes with its old number.
    db.execute("UPDATE ingress_attestation SET node_seq = node_seq + 1000000 WHERE node_id = 'node-t' AND node_seq >= 350");
    db.execute("UPDATE ingress_attestation SET node_seq = node_seq - 999999 WHERE node_id = 'node-t' AND node_seq > 1000000");
    AttestationRow row349 = fixture.row(NODE, 349);
    AttestationRow forged = ChainHash.link(ChainFixture.withPath(
        ChainFixture.withSeq(forgedCopy(fixture.row(NODE, 351), -1), 350), "/v1/instructions/forged"), row349.hash());
    fixture.insert(forged);

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(brk(351, BreakKind.PREV_LINK_BROKEN, forged.hash(), row349.hash()), v.breaks().get(0));
    // every displaced row hashes wrong: the scan stops at the break limit instead of listing 650 of them
    assertEquals(ChainVerifier.Options.DEFAULTS.maxBreaksPerNode(), v.breaks().size());
    assertFalse(v.report().nodes().get(0).complete());
    assertTrue(v.printed().contains("scan stopped at the break limit"), v.printed());
  }

  @Test
  void swappedRowsAreReportedAtTheFirstOfThem() {
    AttestationRow r200 = fixture.row(NODE, 200);
    AttestationRow r201 = fixture.row(NODE, 201);
    fixture.replace(NODE, 200, ChainFixture.withSeq(r201, 200));
    fixture.replace(NODE, 201, ChainFixture.withSeq(r200, 201));

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(brk(200, BreakKind.PREV_LINK_BROKEN, fixture.row(NODE, 199).hash(), r200.hash()), v.breaks().get(0));
    assertTrue(v.breaks().stream().allMatch(b -> b.sequence() >= 200 && b.sequence() <= 202), v.breaks()::toString);
  }

  @Test
  void selfConsistentlyRewrittenTailIsCaughtByTheFirstCheckpointAfterIt() {
    rewriteTailFrom(651);

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    List<ChainBreak> breaks = v.breaks();
    assertEquals(List.of(700L, 800L, 900L, 1_000L), breaks.stream().map(ChainBreak::sequence).toList());
    assertTrue(breaks.stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_MISMATCH), breaks::toString);
    String signed700 = checkpoints.at(NODE, 700).orElseThrow().hash();
    assertEquals(brk(700, BreakKind.CHECKPOINT_MISMATCH, signed700, fixture.row(NODE, 700).hash()), breaks.get(0));
  }

  @Test
  void checkpointWithAForgedSignatureIsReported() {
    Checkpoint genuine = checkpoints.at(NODE, 500).orElseThrow();
    Checkpoint forged = new CheckpointSigner(CheckpointKeys.generate())
        .sign(NODE, 500, genuine.hash(), genuine.signedAt()); // a real signature, by a key that is not the node's
    db.execute("UPDATE attestation_checkpoint SET signature = '" + forged.signature()
        + "' WHERE node_id = 'node-t' AND node_seq = 500");

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(brk(500, BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + genuine.keyId(),
        forged.signature())), v.breaks());
  }

  @Test
  void checkpointEditedToMatchATamperedRowFailsItsSignature() {
    db.execute("UPDATE ingress_attestation SET path = '/x' WHERE node_id = 'node-t' AND node_seq = 600");
    AttestationRow edited = fixture.row(NODE, 600);
    String rehashed = ChainHash.hashOf(edited, edited.prevHash());
    db.execute("UPDATE ingress_attestation SET hash = '" + rehashed + "' WHERE node_id = 'node-t' AND node_seq = 600");
    db.execute("UPDATE ingress_attestation SET prev_hash = '" + rehashed + "' WHERE node_id = 'node-t' AND node_seq = 601");
    db.execute("UPDATE attestation_checkpoint SET hash = '" + rehashed + "' WHERE node_id = 'node-t' AND node_seq = 600");

    Verified v = verify();

    // 600 now hashes fine and 601 links to it; only row 601's own hash (over the old prev) and the checkpoint betray it
    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(brk(600, BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + KEYS.keyId(),
        checkpoints.at(NODE, 600).orElseThrow().signature()), v.breaks().get(0));
  }

  @Test
  void tailReSignedWithAnAttackersRegisteredKeyIsCaught() {
    rewriteTailFrom(651);
    CheckpointKeys attacker = CheckpointKeys.generate();
    checkpoints.registerKey(attacker);
    CheckpointSigner attackerSigner = new CheckpointSigner(attacker);
    for (long seq = 700; seq <= 1_000; seq += 100) {
      Instant signedAt = checkpoints.at(NODE, seq).orElseThrow().signedAt();
      Checkpoint resigned = attackerSigner.sign(NODE, seq, fixture.row(NODE, seq).hash(), signedAt);
      db.execute("UPDATE attestation_checkpoint SET hash = '" + resigned.hash() + "', key_id = '" + resigned.keyId()
          + "', signature = '" + resigned.signature() + "' WHERE node_id = 'node-t' AND node_seq = " + seq);
    }

    // The attacker's key is registered in the table like the node's, and counts for nothing: it is not pinned.
    for (ChainVerifier.Options options : List.of(PINNED,
        ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.parse(List.of(KEYS.keyId()))))) {
      VerificationReport pinned = new ChainVerifier(db.dataSource(), options).verify(ProgressListener.NONE);

      assertEquals(List.of(700L, 800L, 900L, 1_000L), pinned.breaks().stream().map(ChainBreak::sequence).toList());
      assertTrue(pinned.breaks().stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_SIGNATURE_INVALID));
    }
  }

  @Test
  void withNoKeyPinnedNoCheckpointCounts() {
    VerificationReport report = new ChainVerifier(db.dataSource(), ChainVerifier.Options.DEFAULTS).verify(ProgressListener.NONE);

    assertEquals(10, report.breaks().size(), report::toString);
    assertTrue(report.breaks().stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_SIGNATURE_INVALID));
  }

  @Test
  void aPinnedFingerprintTrustsTheRegisteredKeyWithThatFingerprint() {
    VerificationReport report = new ChainVerifier(db.dataSource(),
        ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.parse(List.of(KEYS.keyId())))).verify(ProgressListener.NONE);

    assertTrue(report.isIntact(), report::toString);
    assertEquals(10, report.node(NODE).orElseThrow().checkpointsChecked());
  }

  @Test
  void checkpointsWithThe64BitKeyIdsOfOldVerifyWithThePinnedKey() {
    String legacyId = KEYS.keyId().substring(0, CheckpointKeys.LEGACY_KEY_ID_LENGTH);
    db.execute("INSERT INTO attestation_signing_key (key_id, algorithm, public_key_der) VALUES ('" + legacyId
        + "', 'Ed25519', '" + KEYS.publicKeyBase64() + "') ON CONFLICT DO NOTHING");
    db.execute("UPDATE attestation_checkpoint SET key_id = '" + legacyId + "' WHERE node_id = 'node-t'");
    try {
      assertEquals(ChainVerification.INTACT, verify().exit());
    } finally { // the key table outlives each test's chain
      db.execute("UPDATE attestation_checkpoint SET key_id = '" + KEYS.keyId() + "' WHERE key_id = '" + legacyId + "'");
      db.execute("DELETE FROM attestation_signing_key WHERE key_id = '" + legacyId + "'");
    }
  }

  @Test
  void tailCutBackToACheckpointIsCaughtByTheSignedHead() {
    Checkpoint head = checkpoints.at(NODE, 1_000).orElseThrow();
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'node-t' AND node_seq > 900");
    db.execute("DELETE FROM attestation_checkpoint WHERE node_id = 'node-t' AND node_seq > 900");

    VerificationReport report = new ChainVerifier(db.dataSource(), PINNED.withSignedHead(head)).verify(ProgressListener.NONE);

    assertEquals(List.of(brk(901, BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, head.hash(), "-")), withoutDetail(report));
    assertTrue(report.breaks().get(0).detail().contains("1000"), report.breaks().get(0).detail());
  }

  @Test
  void signedHeadOfANodeWhoseRowsAreAllGoneIsATruncation() {
    Checkpoint head = checkpoints.at(NODE, 1_000).orElseThrow();
    db.clearChains();

    VerificationReport report = new ChainVerifier(db.dataSource(), PINNED.withSignedHead(head)).verify(ProgressListener.NONE);

    assertEquals(List.of(brk(1, BreakKind.TRUNCATED_BELOW_SIGNED_HEAD, head.hash(), "-")), withoutDetail(report));
  }

  @Test
  void signedHeadByAnUnpinnedKeyIsNotTakenForTheNodes() {
    AttestationRow row = fixture.row(NODE, 1_000);
    Checkpoint foreign = new CheckpointSigner(CheckpointKeys.generate()).sign(NODE, 1_000, row.hash(), ChainFixture.START);

    VerificationReport report = new ChainVerifier(db.dataSource(), PINNED.withSignedHead(foreign)).verify(ProgressListener.NONE);

    assertEquals(List.of(brk(1_000, BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + foreign.keyId(),
        foreign.signature())), withoutDetail(report));
  }

  @Test
  void cutLeavingMoreRowsThanTheCadenceUnsignedIsACheckpointMissing() {
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'node-t' AND node_seq > 950");
    db.execute("DELETE FROM attestation_checkpoint WHERE node_id = 'node-t' AND node_seq > 800");
    ChainVerifier.Options everyHundred = PINNED.withCadence(new Cadence(100, Duration.ofMinutes(1), Duration.ofSeconds(15)));

    VerificationReport report = new ChainVerifier(db.dataSource(), everyHundred).verify(ProgressListener.NONE);

    assertEquals(List.of(brk(901, BreakKind.CHECKPOINT_MISSING, "checkpoint by node_seq=900", "node_seq=901")),
        withoutDetail(report));
    // the chain as the fixture signed it keeps that cadence
    db.clearChains();
    fixture.insertChain(NODE, 1_000, 100);
    assertTrue(new ChainVerifier(db.dataSource(), everyHundred).verify(ProgressListener.NONE).isIntact());
  }

  @Test
  void publicKeySwappedUnderAKnownKeyIdIsNotTrusted() {
    CheckpointKeys attacker = CheckpointKeys.generate();
    db.execute("UPDATE attestation_signing_key SET public_key_der = '" + attacker.publicKeyBase64()
        + "' WHERE key_id = '" + KEYS.keyId() + "'");
    try {
      Checkpoint forged = new CheckpointSigner(attacker).sign(NODE, 500, "e".repeat(64), ChainFixture.START);
      db.execute("UPDATE attestation_checkpoint SET hash = '" + forged.hash() + "', signature = '" + forged.signature()
          + "' WHERE node_id = 'node-t' AND node_seq = 500");

      Verified v = verify();

      // The pinned key, not the table's, decides: only the forged checkpoint fails.
      assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
      assertEquals(List.of(brk(500, BreakKind.CHECKPOINT_SIGNATURE_INVALID, "signature by key " + KEYS.keyId(),
          forged.signature())), v.breaks());
      // Pinned by fingerprint, the swapped key in the table matches no pin: every checkpoint of that key id fails.
      VerificationReport byFingerprint = new ChainVerifier(db.dataSource(),
          ChainVerifier.Options.DEFAULTS.withTrustedKeys(TrustedKeys.parse(List.of(KEYS.keyId())))).verify(ProgressListener.NONE);
      assertEquals(10, byFingerprint.breaks().size());
      assertTrue(byFingerprint.breaks().stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_SIGNATURE_INVALID));
      assertEquals(100, byFingerprint.breaks().get(0).sequence());
    } finally {
      db.execute("UPDATE attestation_signing_key SET public_key_der = '" + KEYS.publicKeyBase64() + "' WHERE key_id = '"
          + KEYS.keyId() + "'");
    }
  }

  @Test
  void truncatedTailIsACheckpointBeyondTheHead() {
    String signed1000 = fixture.row(NODE, 1_000).hash();
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'node-t' AND node_seq > 950");

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(List.of(brk(1_000, BreakKind.CHECKPOINT_BEYOND_HEAD, signed1000, "-")), v.breaks());
    assertEquals(950, v.report().nodes().get(0).headSeq());
    assertTrue(v.printed().contains("BROKEN node=node-t seq=1000 kind=CHECKPOINT_BEYOND_HEAD expected=" + signed1000
        + " stored=-"), v.printed());
  }

  @Test
  void nodeWhoseRowsAreAllGoneIsReportedFromItsCheckpoints() {
    db.execute("DELETE FROM ingress_attestation WHERE node_id = 'node-t'");

    Verified v = verify();

    assertEquals(ChainVerification.BROKEN, v.exit(), v.printed());
    assertEquals(10, v.breaks().size());
    assertEquals(100, v.breaks().get(0).sequence());
    assertTrue(v.breaks().stream().allMatch(b -> b.kind() == BreakKind.CHECKPOINT_BEYOND_HEAD));
  }

  // --- helpers ---

  private record Verified(int exit, String printed, VerificationReport report) {
    /** The breaks without their prose, so tests compare position, kind, expected and stored exactly. */
    List<ChainBreak> breaks() {
      return report.breaks().stream()
          .map(b -> new ChainBreak(b.nodeId(), b.sequence(), b.kind(), b.expected(), b.stored(), null))
          .toList();
    }
  }

  private static Verified verify() {
    VerificationReport report = new ChainVerifier(db.dataSource(), PINNED).verify(ProgressListener.NONE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = ChainVerification.run(db.dataSource(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
        ProgressListener.NONE, PINNED);
    return new Verified(exit, bytes.toString(StandardCharsets.UTF_8), report);
  }

  /** Edits every row from {@code from} to the end and re-hashes them, so the chain itself stays consistent. */
  private static void rewriteTailFrom(long from) {
    String prevHash = fixture.row(NODE, from - 1).hash();
    for (AttestationRow row : fixture.rows(NODE, from, 1_000)) {
      AttestationRow rewritten = ChainHash.link(ChainFixture.withPath(row, "/v1/instructions/rewritten"), prevHash);
      fixture.replace(NODE, row.nodeSeq(), rewritten);
      prevHash = rewritten.hash();
    }
  }

  private static List<ChainBreak> withoutDetail(VerificationReport report) {
    return new Verified(0, "", report).breaks();
  }

  /** A break as expected at (seq, kind, expected, stored); the detail text is not part of the comparison. */
  private static ChainBreak brk(long seq, BreakKind kind, String expected, String stored) {
    return new ChainBreak(NODE, seq, kind, expected, stored, null);
  }

  /** A second row with the same number, a plausible request and a flawless link to the row before. */
  private static AttestationRow forgedCopy(AttestationRow original, long microsLater) {
    AttestationRow content = new AttestationRow(original.attestationId(), original.nodeId(), original.nodeSeq(),
        original.receivedAt().plusNanos(microsLater * 1_000), "BANK_0", "kid-2026-03", "req-forged", "idem-forged",
        "POST", "/v1/instructions", original.bodySha256(), AttestationRow.Outcome.FORWARDED, null, null,
        ChainHash.GENESIS, null);
    return ChainHash.link(content, original.prevHash());
  }
}
