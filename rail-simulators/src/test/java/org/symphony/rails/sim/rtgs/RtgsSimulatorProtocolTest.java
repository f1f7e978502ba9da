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
    return sim.post("/iso20022/pacs.028", Map.of("Content-Type", "application/xml; charset=UTF-8"), statusRequest(msgId));
  }

  /** A pacs.028.001.03 about {@code msgId} in its business message, written by hand (not by the adapter). */
  static String statusRequest(String msgId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><RequestPayload>"
        + "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
        + "<Fr><FIId><FinInstnId><BICFI>SYMPZMLU</BICFI></FinInstnId></FIId></Fr>"
        + "<To><FIId><FinInstnId><BICFI>RTGSZMLU</BICFI></FinInstnId></FIId></To>"
        + "<BizMsgIdr>SYQTEST0001</BizMsgIdr><MsgDefIdr>pacs.028.001.03</MsgDefIdr><BizSvc>swift.cbprplus.03</BizSvc>"
        + "<CreDt>2026-12-04T12:00:00.000+02:00</CreDt></AppHdr>"
        + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.028.001.03\"><FIToFIPmtStsReq>"
        + "<GrpHdr><MsgId>SYQTEST0001</MsgId><CreDtTm>2026-12-04T12:00:00.000+02:00</CreDtTm></GrpHdr>"
        + "<TxInf><OrgnlGrpInf><OrgnlMsgId>" + msgId + "</OrgnlMsgId><OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>"
        + "</OrgnlGrpInf></TxInf></FIToFIPmtStsReq></Document></RequestPayload>";
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

  /** The report in a reply, about a pacs.008; every report the simulator writes is a valid pacs.002.001.10. */
  private static Report report(SimControl.Reply reply) {
    return report(reply, "pacs.008.001.08");
  }

  private static Report report(SimControl.Reply reply, String originalMessageName) {
    Element root = SecureXml.parse(reply.body()).getDocumentElement();
    assertEquals(PACS002, root.getNamespaceURI());
    assertEquals(Optional.empty(), Iso20022Schemas.violation(Iso20022Schemas.PACS_002, root), reply.body());
    Element rpt = SecureXml.child(root, "FIToFIPmtStsRpt").orElseThrow();
    assertTrue(SecureXml.text(rpt, "GrpHdr", "MsgId").orElseThrow().length() <= 35);
    Element group = SecureXml.child(rpt, "OrgnlGrpInfAndSts").orElseThrow();
    assertFalse(SecureXml.text(group, "OrgnlMsgId").orElseThrow().isEmpty(), "OrgnlMsgId is never empty");
    assertEquals(originalMessageName, SecureXml.text(group, "OrgnlMsgNmId").orElseThrow());
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
    assertEquals(msgId.substring(3, 19), SecureXml.text(tx, "OrgnlInstrId").orElseThrow());
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
  void invalidAmountsCurrenciesAndBicsAreRefusedWithTheirCodesAndTheMessageId() {
    RailTransfer transfer = RtgsTransfers.good();
    String good = RtgsTransfers.pacs008(transfer);
    String msgId = RtgsTransfers.messageId(transfer);

    Report zero = report(submit(good.replace(">150.00<", ">0.00<")));
    assertEquals("AM12", zero.reason());
    assertEquals(msgId, zero.originalMessageId());
    for (String amount : new String[] {"-1.00", "abc", "1.234567"})
      assertEquals("FF01", report(submit(good.replace(">150.00<", ">" + amount + "<"))).reason(), "schema: " + amount);
    assertEquals("AM03", report(submit(good.replace("Ccy=\"ZMW\"", "Ccy=\"EUR\""))).reason());
    assertEquals("FF01", report(submit(good.replace("Ccy=\"ZMW\"", "Ccy=\"zmw\""))).reason(), "schema");
    assertEquals("RC01", report(submit(good.replace(RtgsTransfers.GOOD_BIC, "1NCOZMLU"))).reason());
    assertEquals("FF01", report(submit(good.replace(RtgsTransfers.GOOD_BIC, "NOT-A-BIC"))).reason(), "schema");
    assertEquals(0, sim.strikes().path("total").asInt());

    assertEquals(200, submit(good).status(), "the corrected message is then accepted under the same MsgId");
  }

  @Test
  void aMessageThatFailsTheSchemaIsRefusedWithFf01NamingIt() {
    RailTransfer transfer = RtgsTransfers.good();
    String good = RtgsTransfers.pacs008(transfer);
    String msgId = RtgsTransfers.messageId(transfer);
    String[] invalid = {
      good.replace("<NbOfTxs>1</NbOfTxs>", ""), // a mandatory element missing
      good.replaceFirst("<IntrBkSttlmAmt [^>]*>[^<]*</IntrBkSttlmAmt>", ""),
      good.replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SHAR</ChrgBr><Unknown>x</Unknown>"), // an element the schema does not have
      good.replaceFirst("<BizMsgIdr>[^<]*</BizMsgIdr>", ""), // the AppHdr fails head.001.001.02
      good.replaceFirst("<BizMsgIdr>[^<]*</BizMsgIdr>", "<BizMsgIdr>SOMETHINGELSE</BizMsgIdr>"), // names another message
      good.replace("<MsgDefIdr>pacs.008.001.08</MsgDefIdr>", "<MsgDefIdr>pacs.009.001.08</MsgDefIdr>"),
    };
    for (String body : invalid) {
      SimControl.Reply reply = submit(body);
      assertEquals(400, reply.status(), body);
      Report refused = report(reply);
      assertEquals("RJCT", refused.status());
      assertEquals("FF01", refused.reason(), body);
      assertEquals(msgId, refused.originalMessageId(), "the refusal names the message");
    }
    String withoutAppHdr = good.replaceFirst("<AppHdr .*</AppHdr>", "");
    assertEquals("FF01", report(submit(withoutAppHdr)).reason(), "no AppHdr");
    String bareDocument = withoutAppHdr.replace("<RequestPayload>", "").replace("</RequestPayload>", "");
    assertEquals("FF01", report(submit(bareDocument)).reason(), "a Document without its business message");
    assertEquals(0, sim.strikes().path("total").asInt());
  }

  @Test
  void theCbprUsageRulesAreEnforced() {
    RailTransfer transfer = RtgsTransfers.good();
    String good = RtgsTransfers.pacs008(transfer);
    String instrId = RtgsTransfers.messageId(transfer).substring(3, 19);
    String[][] broken = {
      {good.replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SLEV</ChrgBr>"), "CH16", "SLEV"},
      {good.replaceFirst("(<CreDtTm>[^<]*)\\+02:00<", "$1Z<"), "CH16", "CreDtTm in UTC 'Z'"},
      {good.replaceFirst("(<CreDt>[^<]*)\\+02:00<", "$1<"), "CH16", "CreDt without an offset"},
      {good.replace("<InstrId>" + instrId + "</InstrId>", "<InstrId>" + instrId + "X</InstrId>"), "CH16", "InstrId of 17"},
      {good.replace("<Nm>Chanda Mulenga</Nm>", "<Nm>Chanda Mulengä</Nm>"), "CH16", "ä in a name"},
      {good.replace("<Ustrd>INV-2024-0042</Ustrd>", "<Ustrd>INV\u20AC</Ustrd>"), "CH16", "€ in remittance information"},
      {good.replaceFirst("<EndToEndId>.([^<]*)</EndToEndId>", "<EndToEndId>/$1</EndToEndId>"), "CH16", "leading slash"},
      {good.replaceFirst("<UETR>[^<]*</UETR>", ""), "CH21", "no UETR"},
      {good.replace("<Nm>Chanda Mulenga</Nm>", ""), "CH21", "no creditor name"},
      {good.replaceFirst("<CdtrAcct>.*</CdtrAcct>", ""), "CH21", "no creditor account"},
    };
    for (String[] b : broken) {
      SimControl.Reply reply = submit(b[0]);
      assertEquals(400, reply.status(), b[2]);
      assertEquals(b[1], report(reply).reason(), b[2]);
    }
    assertEquals(0, sim.strikes().path("total").asInt());
    assertEquals("CH16", report(submit(good.replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SLEV</ChrgBr>"))).reason());
    assertEquals(200, submit(good.replace("<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>DEBT</ChrgBr>")).status(), "DEBT is allowed");
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
  void aStatusRequestAboutAMessageNeverReceivedIsRjctAg09() {
    SimControl.Reply reply = statusOf("SYMNEVERSENT");

    assertEquals(200, reply.status());
    Report notReceived = report(reply);
    assertEquals("SYMNEVERSENT", notReceived.originalMessageId());
    assertEquals("RJCT", notReceived.status());
    assertEquals("AG09", notReceived.reason());
    assertEquals(0, sim.executions("SYMNEVERSENT"));
  }

  @Test
  void aStatusRequestThatIsNotAValidPacs028IsRefusedWithFf01AboutItself() {
    String[] invalid = {
      statusRequest("SYMX").replace("<OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>", ""),
      statusRequest("SYMX").replace("<TxInf><OrgnlGrpInf><OrgnlMsgId>SYMX</OrgnlMsgId>"
          + "<OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId></OrgnlGrpInf></TxInf>", ""),
      statusRequest("SYMX").replace("pacs.008.001.08</OrgnlMsgNmId>", "pacs.009.001.08</OrgnlMsgNmId>"),
    };
    for (String body : invalid) {
      SimControl.Reply reply = sim.post("/iso20022/pacs.028", Map.of("Content-Type", "application/xml"), body);
      assertEquals(400, reply.status(), body);
      Report refused = report(reply, "pacs.028.001.03");
      assertEquals("SYQTEST0001", refused.originalMessageId(), "about the request, not a payment");
      assertEquals("FF01", refused.reason());
    }
    Report junk = report(sim.post("/iso20022/pacs.028", Map.of("Content-Type", "application/xml"), "junk"), "pacs.028.001.03");
    assertEquals("NONREF", junk.originalMessageId());
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
