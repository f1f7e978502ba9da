package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symphony.rails.rtgs.Iso20022Fixtures.groupRejection;
import static org.symphony.rails.rtgs.Iso20022Fixtures.notReceived;
import static org.symphony.rails.rtgs.Iso20022Fixtures.rejected;
import static org.symphony.rails.rtgs.Iso20022Fixtures.report;
import static org.symphony.rails.rtgs.Iso20022Fixtures.status;
import static org.symphony.rails.rtgs.StubRtgsServer.text;
import static org.symphony.rails.rtgs.StubRtgsServer.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.testing.Await;
import org.w3c.dom.Element;

/** How the adapter writes its pacs.008 and reads every kind of RTGS reply, against a scripted stub. */
class RtgsRailReplyMappingTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final RailKey KEY = RailKey.forInstruction("ins-mapping");
  private static final String MSG_ID = RtgsRail.messageIdOf(KEY);

  private StubRtgsServer stub;
  private RtgsRail rail;

  @BeforeEach
  void start() {
    stub = new StubRtgsServer(testKit.system());
    rail = RtgsRail.create(testKit.system(), new RtgsSettings(stub.baseUrl(), "SYMPZMLU", Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private RailResult queried(int httpStatus, String body) {
    stub.statusReply.set(xml(httpStatus, body));
    return Await.result(rail.status(KEY));
  }

  /** Dispatches a fresh transfer whose reply is {@code body}, written for that transfer's message id. */
  private RailResult dispatched(int httpStatus, java.util.function.Function<String, String> body) {
    RailTransfer transfer = RtgsTransfers.good();
    stub.submitReply.set(xml(httpStatus, body.apply(RtgsTransfers.messageId(transfer))));
    return Await.result(rail.dispatch(transfer));
  }

  // --- what is sent --------------------------------------------------------------------------------

  @Test
  void dispatchSendsAStructurallyValidPacs008() {
    RailTransfer transfer = RtgsTransfers.good();
    stub.submitReply.set(xml(202, status(RtgsTransfers.messageId(transfer), "ACCP")));

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));

    StubRtgsServer.Seen seen = stub.lastSubmit.get();
    assertEquals("POST", seen.method());
    assertEquals("/iso20022/pacs.008", seen.path());
    assertTrue(seen.contentType().startsWith("application/xml"), seen.contentType());

    Element envelope = SecureXml.parse(seen.body()).getDocumentElement();
    assertEquals("RequestPayload", envelope.getLocalName());
    assertEquals(List.of("AppHdr", "Document"), names(envelope));
    Element appHdr = Iso20022XmlTest.part(envelope, "AppHdr");
    assertEquals("urn:iso:std:iso:20022:tech:xsd:head.001.001.02", appHdr.getNamespaceURI());
    Element root = Iso20022XmlTest.part(envelope, "Document");
    assertEquals("urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08", root.getNamespaceURI());
    Element msg = SecureXml.child(root, "FIToFICstmrCdtTrf").orElseThrow();
    Element hdr = SecureXml.child(msg, "GrpHdr").orElseThrow();
    String msgId = SecureXml.text(hdr, "MsgId").orElseThrow();
    assertEquals(RtgsTransfers.messageId(transfer), msgId);
    assertEquals(35, msgId.length());
    assertTrue(msgId.matches("^SYM[0-9A-F]{32}$"), msgId);
    assertEquals(msgId, SecureXml.text(appHdr, "BizMsgIdr").orElseThrow());
    assertEquals("pacs.008.001.08", SecureXml.text(appHdr, "MsgDefIdr").orElseThrow());
    assertEquals("SYMPZMLU", SecureXml.text(appHdr, "Fr", "FIId", "FinInstnId", "BICFI").orElseThrow());
    OffsetDateTime.parse(SecureXml.text(hdr, "CreDtTm").orElseThrow());
    assertEquals("1", SecureXml.text(hdr, "NbOfTxs").orElseThrow());
    assertEquals("CLRG", SecureXml.text(hdr, "SttlmInf", "SttlmMtd").orElseThrow());
    assertEquals(List.of("MsgId", "CreDtTm", "NbOfTxs", "SttlmInf"), names(hdr));

    List<Element> txs = SecureXml.children(msg, "CdtTrfTxInf");
    assertEquals(1, txs.size());
    Element tx = txs.get(0);
    assertEquals(
        List.of("PmtId", "IntrBkSttlmAmt", "IntrBkSttlmDt", "ChrgBr", "InstgAgt", "InstdAgt", "Dbtr", "DbtrAgt",
            "CdtrAgt", "Cdtr", "CdtrAcct", "RmtInf"),
        names(tx), "element order of CreditTransferTransaction39");
    assertEquals(msgId.substring(3, 19), SecureXml.text(tx, "PmtId", "InstrId").orElseThrow());
    String endToEnd = SecureXml.text(tx, "PmtId", "EndToEndId").orElseThrow();
    assertTrue(endToEnd.length() <= 35, endToEnd);
    assertTrue(endToEnd.startsWith(transfer.instructionId().substring(0, 22)), endToEnd);
    assertEquals(transfer.railKey().value(), SecureXml.text(tx, "PmtId", "UETR").orElseThrow());
    Element amount = SecureXml.child(tx, "IntrBkSttlmAmt").orElseThrow();
    assertEquals("150.00", SecureXml.ownText(amount));
    assertEquals("ZMW", amount.getAttribute("Ccy"));
    assertEquals("SHAR", SecureXml.text(tx, "ChrgBr").orElseThrow());
    assertEquals("SYMPZMLU", SecureXml.text(tx, "InstgAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals(RtgsTransfers.GOOD_BIC, SecureXml.text(tx, "InstdAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("Symphony Payments Ltd", SecureXml.text(tx, "Dbtr", "Nm").orElseThrow());
    assertEquals("participant-1", SecureXml.text(tx, "Dbtr", "Id", "OrgId", "Othr", "Id").orElseThrow());
    assertEquals("Chanda Mulenga", SecureXml.text(tx, "Cdtr", "Nm").orElseThrow());
    assertEquals("SYMPZMLU", SecureXml.text(tx, "DbtrAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals(RtgsTransfers.GOOD_BIC, SecureXml.text(tx, "CdtrAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals(RtgsTransfers.GOOD_ACCOUNT, SecureXml.text(tx, "CdtrAcct", "Id", "Othr", "Id").orElseThrow());
    assertEquals(transfer.reference(), SecureXml.text(tx, "RmtInf", "Ustrd").orElseThrow());
  }

  @Test
  void theStatusRequestIsAPacs028NamingTheOriginal() {
    queried(200, status(MSG_ID, "PDNG"));

    StubRtgsServer.Seen seen = stub.lastStatusRequest.get();
    assertEquals("POST", seen.method());
    assertEquals("/iso20022/pacs.028", seen.path());
    assertTrue(seen.contentType().startsWith("application/xml"), seen.contentType());
    Element envelope = SecureXml.parse(seen.body()).getDocumentElement();
    Element appHdr = Iso20022XmlTest.part(envelope, "AppHdr");
    assertEquals("pacs.028.001.03", SecureXml.text(appHdr, "MsgDefIdr").orElseThrow());
    Element request = SecureXml.child(Iso20022XmlTest.part(envelope, "Document"), "FIToFIPmtStsReq").orElseThrow();
    assertEquals("urn:iso:std:iso:20022:tech:xsd:pacs.028.001.03", request.getNamespaceURI());
    String requestId = SecureXml.text(request, "GrpHdr", "MsgId").orElseThrow();
    assertTrue(requestId.matches("^SYQ[0-9A-F]{32}$"), requestId);
    assertEquals(requestId, SecureXml.text(appHdr, "BizMsgIdr").orElseThrow());
    Element tx = SecureXml.child(request, "TxInf").orElseThrow();
    assertEquals(MSG_ID, SecureXml.text(tx, "OrgnlGrpInf", "OrgnlMsgId").orElseThrow());
    assertEquals("pacs.008.001.08", SecureXml.text(tx, "OrgnlGrpInf", "OrgnlMsgNmId").orElseThrow());
    assertEquals(MSG_ID.substring(3, 19), SecureXml.text(tx, "OrgnlInstrId").orElseThrow());
    assertEquals(KEY.value(), SecureXml.text(tx, "OrgnlUETR").orElseThrow());

    queried(200, status(MSG_ID, "PDNG"));
    Element again = Iso20022XmlTest.part(SecureXml.parse(stub.lastStatusRequest.get().body()).getDocumentElement(), "Document");
    assertNotEquals(requestId, SecureXml.text(again, "FIToFIPmtStsReq", "GrpHdr", "MsgId").orElseThrow(),
        "each request has its own MsgId");
  }

  @Test
  void aWalletCreditorIsDeclinedWithoutCallingTheRtgs() {
    RailTransfer wallet = new RailTransfer("ins-w", RailKey.forInstruction("ins-w"), "participant-1",
        new Money(100, Currency.ZMW), new Creditor.MobileWallet("+260961234567"), "ref");

    RailResult.Declined declined = assertInstanceOf(RailResult.Declined.class, Await.result(rail.dispatch(wallet)));
    assertEquals("UNSUPPORTED_CREDITOR", declined.reasonCode());
    assertEquals(0, stub.submits.get());
  }

  // --- settled and pending -------------------------------------------------------------------------

  @Test
  void settledIsCompletedWithTheRtgsReference() {
    assertEquals(new RailResult.Completed("ACCT-REF-1"),
        queried(200, report(MSG_ID, KEY.value(), "ACSC", null, null, "ACCT-REF-1", "CLR-REF-1")));
    assertEquals(new RailResult.Completed("CLR-REF-2"),
        queried(200, report(MSG_ID, null, "ACSC", null, null, null, "CLR-REF-2")), "ClrSysRef when no AcctSvcrRef");
    assertEquals(new RailResult.Completed(null), queried(200, status(MSG_ID, "ACSC")));
    assertEquals(new RailResult.Completed("R3"), queried(200, report(MSG_ID, null, "ACCC", null, null, "R3", null)));
    assertEquals(new RailResult.Completed("R4"), dispatched(200, id -> report(id, null, "ACSC", null, null, "R4", null)));
  }

  @Test
  void acceptedAndPendingAreInProgress() {
    for (String pending : new String[] {"ACCP", "ACSP", "PDNG", "ACTC", "ACWC"}) {
      assertEquals(new RailResult.InProgress(), queried(200, status(MSG_ID, pending)), pending);
      assertEquals(new RailResult.InProgress(), dispatched(202, id -> status(id, pending)), pending);
      assertEquals(new RailResult.InProgress(), dispatched(200, id -> status(id, pending)), pending);
    }
  }

  // --- rejections ----------------------------------------------------------------------------------

  @Test
  void eachRejectionReasonIsDeclinedWithItsCode() {
    String[][] reasons = {
      {"AC01", "Incorrect account number"},
      {"AC04", "Closed account number"},
      {"AM04", "Insufficient funds"},
      {"RC01", "Bank identifier incorrect"},
      {"AG01", "Transaction forbidden"},
    };
    for (String[] r : reasons) {
      assertEquals(new RailResult.Declined(r[0], "bank says: " + r[1]),
          queried(200, rejected(MSG_ID, r[0], "bank says: " + r[1])), "status " + r[0]);
      assertEquals(new RailResult.Declined(r[0], r[1]), queried(200, rejected(MSG_ID, r[0], null)),
          "without AddtlInf the ISO name of " + r[0]);
      assertEquals(new RailResult.Declined(r[0], r[1]), dispatched(200, id -> rejected(id, r[0], r[1])), "dispatch " + r[0]);
      assertEquals(new RailResult.Declined(r[0], r[1]), dispatched(400, id -> rejected(id, r[0], r[1])), "400 " + r[0]);
    }
  }

  @Test
  void rejectionWithAProprietaryOrNoReason() {
    String proprietary = status(MSG_ID, "RJCT").replace("<TxSts>RJCT</TxSts>",
        "<TxSts>RJCT</TxSts><StsRsnInf><Rsn><Prtry>LIMIT</Prtry></Rsn></StsRsnInf>");
    assertEquals("LIMIT", assertInstanceOf(RailResult.Declined.class, queried(200, proprietary)).reasonCode());
    assertEquals("UNSPECIFIED", assertInstanceOf(RailResult.Declined.class, queried(200, status(MSG_ID, "RJCT"))).reasonCode());
  }

  @Test
  void aWholeMessageRefusedIsDeclinedWithTheGroupReason() {
    assertEquals(new RailResult.Declined("FF01", "bad schema"), dispatched(400, id -> groupRejection(id, "FF01", "bad schema")));
  }

  // --- duplicates ----------------------------------------------------------------------------------

  @Test
  void aDuplicateRejectionIsAnsweredByTheStatusRequest() {
    for (String code : new String[] {"DUPL", "DU01", "DU05", "AM05"}) {
      for (int http : new int[] {200, 409}) {
        stub.statusRequests.set(0);
        RailTransfer transfer = RtgsTransfers.good();
        String msgId = RtgsTransfers.messageId(transfer);
        stub.submitReply.set(xml(http, rejected(msgId, code, "duplicate")));
        stub.statusReply.set(xml(200, report(msgId, null, "ACSC", null, null, "ORIGINAL-REF", null)));

        assertEquals(new RailResult.Completed("ORIGINAL-REF"), Await.result(rail.dispatch(transfer)), code + "/" + http);
        assertEquals(1, stub.statusRequests.get());
        assertEquals("/iso20022/pacs.028", stub.lastStatusRequest.get().path());
        assertTrue(stub.lastStatusRequest.get().body().contains("<OrgnlMsgId>" + msgId + "</OrgnlMsgId>"));
      }
    }
  }

  @Test
  void aDuplicateTakesTheOriginalsOutcomeWhateverItIs() {
    RailTransfer transfer = RtgsTransfers.good();
    String msgId = RtgsTransfers.messageId(transfer);
    stub.submitReply.set(xml(409, rejected(msgId, "DUPL", null)));

    stub.statusReply.set(xml(200, rejected(msgId, "AC04", "closed")));
    assertEquals(new RailResult.Declined("AC04", "closed"), Await.result(rail.dispatch(transfer)));

    stub.statusReply.set(xml(200, status(msgId, "PDNG")));
    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)));
  }

  @Test
  void aDuplicateIsNeverSuccessOrFailureByItself() {
    RailTransfer transfer = RtgsTransfers.good();
    String msgId = RtgsTransfers.messageId(transfer);
    stub.submitReply.set(xml(409, rejected(msgId, "DUPL", null)));

    stub.statusReply.set(xml(200, notReceived(msgId)));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)),
        "duplicate then not found is contradictory: never success, failure or NotFound");

    stub.statusReply.set(xml(200, rejected(msgId, "DUPL", null)));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)), "a duplicate as status");

    stub.statusReply.set(xml(503, ""));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(transfer)));
  }

  // --- unusable replies ----------------------------------------------------------------------------

  @Test
  void aReportAboutAnotherMessageIsUnknown() {
    RailKey other = RailKey.forInstruction("someone-else");
    assertInstanceOf(RailResult.Unknown.class, queried(200, status(RtgsRail.messageIdOf(other), "ACSC")));
    assertInstanceOf(RailResult.Unknown.class, queried(200, report(MSG_ID, other.value(), "ACSC", null, null, "R", null)),
        "right MsgId but another UETR");
    assertInstanceOf(RailResult.Unknown.class, dispatched(200, id -> status("NONREF", "RJCT")));
  }

  @Test
  void unusableRepliesAreUnknown() {
    String twoTransactions = status(MSG_ID, "ACSC").replace("</FIToFIPmtStsRpt>",
        "<TxInfAndSts><TxSts>RJCT</TxSts></TxInfAndSts></FIToFIPmtStsRpt>");
    String[] bodies = {
      "<Document xmlns=\"" + Iso20022Fixtures.PACS002 + "\"><FIToFIPmtStsRpt>", // cut off
      "",
      "{\"status\":\"ACSC\"}",
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFIPmtStsRpt/></Document>",
      "<Document xmlns=\"" + Iso20022Fixtures.PACS002 + "\"/>",
      status(MSG_ID, "XXXX"),
      twoTransactions,
      status(MSG_ID, "ACSC").replace("<TxSts>ACSC</TxSts>", ""),
    };
    for (String body : bodies) {
      assertInstanceOf(RailResult.Unknown.class, queried(200, body), body);
      stub.submitReply.set(xml(200, body));
      assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(RtgsTransfers.good())), body);
    }
  }

  @Test
  void aRefusalStatusCodeWithoutARejectionIsUnknown() {
    assertInstanceOf(RailResult.Unknown.class, dispatched(400, id -> status(id, "ACSC")));
    assertInstanceOf(RailResult.Unknown.class, dispatched(409, id -> status(id, "ACCP")));
    stub.submitReply.set(text(400, "Bad Request"));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(RtgsTransfers.good())));
  }

  @Test
  void serverErrorsAndOtherStatusCodesAreUnknown() {
    for (int code : new int[] {500, 502, 503, 504, 401, 403, 404, 415}) {
      assertInstanceOf(RailResult.Unknown.class, dispatched(code, id -> status(id, "ACSC")), "dispatch HTTP " + code);
      assertInstanceOf(RailResult.Unknown.class, queried(code, status(MSG_ID, "ACSC")), "status HTTP " + code);
    }
  }

  @Test
  void notFoundOnlyWhenTheRtgsSaysPaymentNotReceivedForThisMessage() {
    assertEquals(new RailResult.NotFound(), queried(200, notReceived(MSG_ID)));
    assertEquals(new RailResult.NotFound(), queried(200, report(MSG_ID, KEY.value(), "RJCT", "AG09", null, null, null)));
    assertInstanceOf(RailResult.Unknown.class, queried(200, notReceived("SYMSOMEONEELSE")), "about another message");
    assertInstanceOf(RailResult.Unknown.class,
        queried(200, report(MSG_ID, RailKey.forInstruction("other").value(), "RJCT", "AG09", null, null, null)),
        "about another UETR");
    assertInstanceOf(RailResult.Unknown.class, queried(404, notReceived(MSG_ID)), "AG09 needs HTTP 200");
    assertInstanceOf(RailResult.Unknown.class, queried(404, "<html>Not Found</html>"));
    stub.statusReply.set(text(404, "The requested resource could not be found."));
    assertInstanceOf(RailResult.Unknown.class, Await.result(rail.status(KEY)), "a 404 from a wrong URL proves nothing");
    assertInstanceOf(RailResult.Unknown.class, dispatched(200, id -> notReceived(id)),
        "AG09 in answer to a pacs.008 is no refusal and no 'not found'");
  }

  @Test
  void aReportWithoutOriginalMessageIdIsMatchedToNoTransfer() {
    String empty = status(MSG_ID, "ACSC").replace("<OrgnlMsgId>" + MSG_ID + "</OrgnlMsgId>", "<OrgnlMsgId></OrgnlMsgId>");
    String missing = status(MSG_ID, "ACSC").replace("<OrgnlMsgId>" + MSG_ID + "</OrgnlMsgId>", "");
    String rejectedWithout = rejected(MSG_ID, "AC01", null).replace("<OrgnlMsgId>" + MSG_ID + "</OrgnlMsgId>", "<OrgnlMsgId> </OrgnlMsgId>");
    for (String body : new String[] {empty, missing, rejectedWithout}) {
      assertInstanceOf(RailResult.Unknown.class, queried(200, body), body);
      stub.submitReply.set(xml(200, body));
      assertInstanceOf(RailResult.Unknown.class, Await.result(rail.dispatch(RtgsTransfers.good())), body);
    }
    String notReceivedWithout = notReceived(MSG_ID).replace("<OrgnlMsgId>" + MSG_ID + "</OrgnlMsgId>", "<OrgnlMsgId/>");
    assertInstanceOf(RailResult.Unknown.class, queried(200, notReceivedWithout), "never NotFound without the original's id");
  }

  @Test
  void anEntityInAReplyIsNeverResolvedAndTheReplyIsUnknown(@TempDir Path dir) throws IOException {
    // resolved, either entity would make the status ACSC and the transfer Completed
    Path settled = Files.writeString(dir.resolve("status.txt"), "ACSC");
    String external = "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + settled.toUri() + "\">]>" + status(MSG_ID, "&xxe;");
    String internal = "<!DOCTYPE Document [<!ENTITY s \"ACSC\">]>" + status(MSG_ID, "&s;");

    for (String body : new String[] {external, internal}) {
      String withoutDeclaration = body.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
      RailResult.Unknown unknown = assertInstanceOf(RailResult.Unknown.class, queried(200, withoutDeclaration));
      assertTrue(unknown.reason().contains("DOCTYPE"), unknown.reason());
      assertInstanceOf(RailResult.Unknown.class, dispatched(200, id -> withoutDeclaration.replace(MSG_ID, id)));
    }
  }

  @Test
  void aRailThatNeverAnswersIsUnknownWithinTheCallTimeout() {
    stub.hang.set(true);
    RtgsRail impatient = RtgsRail.create(testKit.system(), rail.settings().withCallTimeout(Duration.ofMillis(300)));

    RailResult.Unknown dispatch = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.dispatch(RtgsTransfers.good())));
    RailResult.Unknown status = assertInstanceOf(RailResult.Unknown.class, Await.result(impatient.status(KEY)));
    assertTrue(dispatch.reason().contains("timeout"), dispatch.reason());
    assertTrue(status.reason().contains("timeout"), status.reason());
  }

  private static List<String> names(Element parent) {
    return SecureXml.elementChildren(parent).stream().map(Element::getLocalName).collect(Collectors.toList());
  }
}
