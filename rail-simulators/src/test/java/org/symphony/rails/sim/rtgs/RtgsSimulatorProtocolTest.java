package org.symphony.rails.sim.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.rtgs.RtgsTransfers;
import org.symphony.rails.rtgs.SecureXml;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.w3c.dom.Element;

/** The simulator's ISO 20022 contract, spoken to directly (no adapter). */
class RtgsSimulatorProtocolTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String PACS002 = "urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10";

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;

  @BeforeEach
  void start() {
    simulator = Await.result(RtgsSimulator.start(testKit.system(),
        RtgsSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ZERO).withMaxReferences(3)));
    sim = new SimControl(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private SimControl.Reply submit(String xml) {
    return sim.post("/iso20022/pacs.008", Map.of("Content-Type", "application/xml; charset=UTF-8"), xml);
  }

  private SimControl.Reply statusOf(String msgId) {
    return sim.get("/iso20022/status/" + msgId, Map.of());
  }

  /** The pacs.002 in a reply: (OrgnlGrpInfAndSts, TxInfAndSts if any). */
  private record Report(Element group, Optional<Element> tx) {
    String status() {
      return tx.flatMap(t -> SecureXml.text(t, "TxSts")).or(() -> SecureXml.text(group, "GrpSts")).orElseThrow();
    }

    String reason() {
      Element holder = tx.filter(t -> SecureXml.text(t, "TxSts").isPresent()).orElse(group);
      return SecureXml.text(holder, "StsRsnInf", "Rsn", "Cd").orElse(null);
    }

    String originalMessageId() {
      return SecureXml.text(group, "OrgnlMsgId").orElseThrow();
    }
  }

  private static Report report(SimControl.Reply reply) {
    Element root = SecureXml.parse(reply.body()).getDocumentElement();
    assertEquals(PACS002, root.getNamespaceURI());
    Element rpt = SecureXml.child(root, "FIToFIPmtStsRpt").orElseThrow();
    assertTrue(SecureXml.text(rpt, "GrpHdr", "MsgId").orElseThrow().length() <= 35);
    Element group = SecureXml.child(rpt, "OrgnlGrpInfAndSts").orElseThrow();
    assertEquals("pacs.008.001.08", SecureXml.text(group, "OrgnlMsgNmId").orElseThrow());
    return new Report(group, SecureXml.child(rpt, "TxInfAndSts"));
  }

  private static Element error(SimControl.Reply reply) {
    Element root = SecureXml.parse(reply.body()).getDocumentElement();
    assertEquals("RtgsError", root.getLocalName());
    return root;
  }

  @Test
  void aNewMessageIsSettledOnceAndARepeatIs409DuplWithoutExecution() {
    RailTransfer transfer = RtgsTransfers.good();
    String msgId = RtgsTransfers.messageId(transfer);
    String xml = RtgsTransfers.pacs008(transfer);

    SimControl.Reply accepted = submit(xml);
    assertEquals(200, accepted.status(), accepted.body());
    Report settled = report(accepted);
    assertEquals(msgId, settled.originalMessageId());
    assertEquals("ACSC", settled.status());
    Element tx = settled.tx().orElseThrow();
    assertEquals(msgId, SecureXml.text(tx, "OrgnlInstrId").orElseThrow());
    assertEquals(transfer.railKey().value(), SecureXml.text(tx, "OrgnlUETR").orElseThrow());
    assertTrue(SecureXml.text(tx, "OrgnlEndToEndId").isPresent());
    String reference = SecureXml.text(tx, "AcctSvcrRef").orElseThrow();
    assertEquals(reference, SecureXml.text(tx, "ClrSysRef").orElseThrow());

    SimControl.Reply repeat = submit(xml);
    assertEquals(409, repeat.status());
    Report duplicate = report(repeat);
    assertEquals(msgId, duplicate.originalMessageId());
    assertEquals("RJCT", duplicate.status());
    assertEquals("DUPL", duplicate.reason());

    Report status = report(statusOf(msgId));
    assertEquals("ACSC", status.status());
    assertEquals(reference, SecureXml.text(status.tx().orElseThrow(), "AcctSvcrRef").orElseThrow());

    JsonNode strike = sim.get("/sim/strikes/" + msgId, Map.of()).json();
    assertEquals(1, strike.path("executions").asInt());
    assertEquals("ACSC", strike.path("status").asText());
    JsonNode strikes = sim.strikes();
    assertEquals("rtgs", strikes.path("rail").asText());
    assertEquals(1, strikes.path("references").path(msgId).asInt());
    assertEquals(1, strikes.path("total").asInt());
  }

  @Test
  void withACompletionDelayAMessageIsAcceptedThenPending() {
    sim.setFaults("{\"completionDelayMs\": 600000}");
    RailTransfer transfer = RtgsTransfers.good();

    SimControl.Reply accepted = submit(RtgsTransfers.pacs008(transfer));
    assertEquals(202, accepted.status());
    assertEquals("ACCP", report(accepted).status());
    Report pending = report(statusOf(RtgsTransfers.messageId(transfer)));
    assertEquals("PDNG", pending.status());
    assertTrue(SecureXml.text(pending.tx().orElseThrow(), "AcctSvcrRef").isEmpty(), "no account entry before ACSC");
  }

  @Test
  void simulatedRejections() {
    RailTransfer unknownBank = RtgsTransfers.to(RtgsSimulator.UNKNOWN_PARTICIPANT_BIC, RtgsTransfers.GOOD_ACCOUNT);
    SimControl.Reply rc01 = submit(RtgsTransfers.pacs008(unknownBank));
    assertEquals(200, rc01.status());
    assertEquals("RJCT", report(rc01).status());
    assertEquals("RC01", report(rc01).reason());

    RailTransfer badAccount = RtgsTransfers.to(RtgsTransfers.GOOD_BIC, RtgsTransfers.INCORRECT_ACCOUNT);
    submit(RtgsTransfers.pacs008(badAccount));
    Report ac01 = report(statusOf(RtgsTransfers.messageId(badAccount)));
    assertEquals("RJCT", ac01.status());
    assertEquals("AC01", ac01.reason());
    assertTrue(SecureXml.text(ac01.tx().orElseThrow(), "AcctSvcrRef").isEmpty());
    assertEquals(2, sim.strikes().path("total").asInt(), "a rejected message is still received once");
  }

  @Test
  void junkIs400Ff01AndNothingIsRecorded() {
    String good = RtgsTransfers.pacs008(RtgsTransfers.good());
    String[] junk = {
      "not xml at all",
      "{\"json\": true}",
      good.substring(0, good.length() / 2),
      good.replace("pacs.008.001.08", "pacs.008.001.02"),
      good.replaceFirst("<MsgId>SYM", "<MsgId>TOO-LONG-SYM"),
      good.replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>"),
      good.replace("<SttlmMtd>CLRG</SttlmMtd>", "<SttlmMtd>CASH</SttlmMtd>"),
      good.replaceFirst("<EndToEndId>[^<]*</EndToEndId>", ""),
      good.replaceFirst("<CdtrAcct>.*</CdtrAcct>", ""),
      "<?xml version=\"1.0\"?><!DOCTYPE Document [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
          + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">&x;</Document>",
    };
    for (String body : junk) {
      SimControl.Reply reply = submit(body);
      assertEquals(400, reply.status(), body);
      Report refused = report(reply);
      assertEquals("RJCT", refused.status(), body);
      assertEquals("FF01", refused.reason(), body);
      assertTrue(refused.tx().isEmpty(), "a group status: the message as a whole is refused");
    }
    assertEquals("NONREF", report(submit("not xml at all")).originalMessageId());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void invalidAmountsAndBicsAreRefusedWithTheirCodesAndTheMessageId() {
    RailTransfer transfer = RtgsTransfers.good();
    String good = RtgsTransfers.pacs008(transfer);
    String msgId = RtgsTransfers.messageId(transfer);

    for (String amount : new String[] {"0.00", "-1.00", "abc", "1.234567"}) {
      Report refused = report(submit(good.replace(">150.00<", ">" + amount + "<")));
      assertEquals("AM12", refused.reason(), amount);
      assertEquals(msgId, refused.originalMessageId());
    }
    assertEquals("AM03", report(submit(good.replace("Ccy=\"ZMW\"", "Ccy=\"zmw\""))).reason());
    assertEquals("RC01", report(submit(good.replace(RtgsTransfers.GOOD_BIC, "NOT-A-BIC"))).reason());
    assertEquals("RC01", report(submit(good.replace("SYMPZMLU", "SYMP"))).reason());
    assertEquals(0, sim.strikes().path("total").asInt());

    assertEquals(200, submit(good).status(), "the corrected message is then accepted under the same MsgId");
  }

  @Test
  void aPacs008MustBeSentAsXml() {
    SimControl.Reply reply = sim.post("/iso20022/pacs.008", Map.of("Content-Type", "application/json"),
        RtgsTransfers.pacs008(RtgsTransfers.good()));

    assertEquals(415, reply.status());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", SecureXml.text(error(reply), "Code").orElseThrow());
    assertEquals(0, sim.strikes().path("total").asInt());
    assertEquals(200, sim.post("/iso20022/pacs.008", Map.of("Content-Type", "text/xml"),
        RtgsTransfers.pacs008(RtgsTransfers.good())).status());
  }

  @Test
  void anUnknownMessageIdIs404NotFound() {
    SimControl.Reply reply = statusOf("SYMNEVERSENT");

    assertEquals(404, reply.status());
    Element error = error(reply);
    assertEquals("NOT_FOUND", SecureXml.text(error, "Code").orElseThrow());
    assertEquals("SYMNEVERSENT", SecureXml.text(error, "MsgId").orElseThrow());
    assertEquals(0, sim.executions("SYMNEVERSENT"));
  }

  @Test
  void newMessagesBeyondTheBoundAreRefusedWith507() {
    for (int i = 0; i < 3; i++) assertEquals(200, submit(RtgsTransfers.pacs008(RtgsTransfers.good())).status());

    SimControl.Reply full = submit(RtgsTransfers.pacs008(RtgsTransfers.good()));
    assertEquals(507, full.status());
    assertEquals("SIMULATOR_FULL", SecureXml.text(error(full), "Code").orElseThrow());
    assertEquals(3, sim.strikes().path("total").asInt());
  }

  @Test
  void faultsCanBeReadAndPatched() {
    JsonNode initial = sim.get("/sim/admin/faults", Map.of()).json();
    assertEquals(0, initial.path("completionDelayMs").asLong());
    assertEquals(0, initial.path("malformedResponseRate").asDouble());

    JsonNode patched = sim.setFaults("{\"failureRate5xx\": 0.5, \"latencyMs\": 10, \"malformedResponseRate\": 0.25}");
    assertEquals(0.5, patched.path("failureRate5xx").asDouble());
    assertEquals(10, patched.path("latencyMs").asLong());
    assertEquals(0.25, patched.path("malformedResponseRate").asDouble());
    assertEquals(0, patched.path("dropResponseAfterExecuteRate").asDouble());

    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"malformedResponseRate\": 2}").status());
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "{\"noSuchFault\": 1}").status());
    assertEquals(400, sim.post("/sim/admin/faults", Map.of(), "[]").status());
    assertEquals(0.5, sim.get("/sim/admin/faults", Map.of()).json().path("failureRate5xx").asDouble());
  }

  @Test
  void injected5xxAnswers500AndExecutesNothing() {
    sim.setFaults("{\"failureRate5xx\": 1.0}");

    SimControl.Reply reply = submit(RtgsTransfers.pacs008(RtgsTransfers.good()));

    assertEquals(500, reply.status());
    assertEquals("INTERNAL_ERROR", SecureXml.text(error(reply), "Code").orElseThrow());
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void aMalformedReplyStillExecutesTheMessage() {
    sim.setFaults("{\"malformedResponseRate\": 1.0}");
    RailTransfer transfer = RtgsTransfers.good();

    SimControl.Reply reply = submit(RtgsTransfers.pacs008(transfer));

    assertEquals(200, reply.status());
    assertThrows(SecureXml.Malformed.class, () -> SecureXml.parse(reply.body()));
    assertEquals(1, sim.executions(RtgsTransfers.messageId(transfer)));
    sim.setFaults("{\"malformedResponseRate\": 0}");
    assertFalse(report(statusOf(RtgsTransfers.messageId(transfer))).status().isEmpty());
  }
}
