package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;
import org.w3c.dom.Element;

/** The pacs.008 writer, the identifiers, and the hardened pacs.002 parser, without HTTP. */
class Iso20022XmlTest {

  private static final String MSG = "SYM0123456789ABCDEF0123456789ABCDEF";

  // --- the hardened parser -------------------------------------------------------------------------

  @Test
  void anExternalEntityIsRefusedAsMalformed(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("status.txt"), "ACSC");
    String xxe = "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + file.toUri() + "\">]>"
        + Iso20022Fixtures.status(MSG, "&xxe;").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");

    RtgsProtocolException e = assertThrows(RtgsProtocolException.class, () -> Pacs002.parse(xxe));
    assertTrue(e.getMessage().contains("malformed XML"), e.getMessage());
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertThrows(SecureXml.Malformed.class, () -> SecureXml.parse(xxe.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void internalAndParameterEntitiesAndExternalDtdsAreRefused() {
    String[] attacks = {
      // billion laughs
      "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
          + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><d>&c;</d>",
      // parameter entity fetching a remote DTD
      "<!DOCTYPE d [<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/evil.dtd\"> %remote;]><d/>",
      // external DTD subset
      "<!DOCTYPE d SYSTEM \"http://127.0.0.1:1/evil.dtd\"><d/>",
      // an entity that is never declared
      "<d>&undeclared;</d>",
    };
    for (String attack : attacks) assertThrows(SecureXml.Malformed.class, () -> SecureXml.parse(attack), attack);
  }

  @Test
  void absurdNestingIsRefused() {
    String deep = "<a>".repeat(SecureXml.MAX_ELEMENT_DEPTH + 1) + "</a>".repeat(SecureXml.MAX_ELEMENT_DEPTH + 1);
    assertThrows(SecureXml.Malformed.class, () -> SecureXml.parse(deep));
  }

  @Test
  void aStatusReportIsRead() {
    Pacs002 report = Pacs002.parse(
        Iso20022Fixtures.report(MSG, "1b4e28ba-2fa1-41d2-883f-0016d3cca427", "RJCT", "AC04", "closed", "A1", "C1"));

    assertEquals(MSG, report.originalMessageId());
    assertEquals("RJCT", report.status());
    assertEquals(Optional.of("AC04"), report.reasonCode());
    assertEquals(Optional.of("closed"), report.reasonText());
    assertEquals(Optional.of("1b4e28ba-2fa1-41d2-883f-0016d3cca427"), report.originalUetr());
    assertEquals(Optional.of("A1"), report.accountServicerReference());
    assertEquals(Optional.of("C1"), report.clearingSystemReference());
  }

  @Test
  void aGroupStatusIsReadWhenThereIsNoTransaction() {
    Pacs002 report = Pacs002.parse(Iso20022Fixtures.groupRejection(MSG, "FF01", "invalid file format"));

    assertEquals("RJCT", report.status());
    assertEquals(Optional.of("FF01"), report.reasonCode());
    assertEquals(Optional.of("invalid file format"), report.reasonText());
  }

  @Test
  void otherPacs002VersionsAreReadButOtherDocumentsAreNot() {
    String v12 = Iso20022Fixtures.status(MSG, "ACSC").replace("pacs.002.001.10", "pacs.002.001.12");
    assertEquals("ACSC", Pacs002.parse(v12).status());

    assertThrows(RtgsProtocolException.class,
        () -> Pacs002.parse(Iso20022Fixtures.status(MSG, "ACSC").replace("pacs.002.001.10", "pacs.008.001.08")));
    assertThrows(RtgsProtocolException.class,
        () -> Pacs002.parse(Iso20022Fixtures.status(MSG, "ACSC").replace(" xmlns=\"" + Iso20022Fixtures.PACS002 + "\"", "")));
  }

  @Test
  void aByteOrderMarkBeforeTheDocumentIsTolerated() {
    assertEquals("ACSC", Pacs002.parse("\uFEFF" + Iso20022Fixtures.status(MSG, "ACSC")).status());
  }

  @Test
  void aCdataStatusIsReadLikeText() {
    assertEquals("ACSC", Pacs002.parse(Iso20022Fixtures.status(MSG, "<![CDATA[ACSC]]>")).status());
  }

  // --- identifiers ---------------------------------------------------------------------------------

  @Test
  void theMessageIdIsAPureFunctionOfTheRailKeyAndFitsMax35Text() {
    RailKey key = RailKey.forInstruction("ins-42");

    String id = Pacs008.messageId(key);
    assertEquals(id, Pacs008.messageId(RailKey.forInstruction("ins-42")));
    assertEquals("SYM" + key.value().replace("-", "").toUpperCase(), id);
    assertEquals(35, id.length());
    assertNotEquals(id, Pacs008.messageId(RailKey.forInstruction("ins-43")));

    String odd = Pacs008.messageId(new RailKey("not-a-uuid"));
    assertTrue(odd.matches("^SYM[0-9A-F]{32}$"), odd);
    assertEquals(odd, Pacs008.messageId(new RailKey("not-a-uuid")));
    assertEquals(Optional.empty(), Pacs008.uetr(new RailKey("not-a-uuid")));
    assertEquals(Optional.of(key.value()), Pacs008.uetr(key));
  }

  @Test
  void theEndToEndIdKeepsShortIdsAndShortensLongOnesDistinctly() {
    assertEquals("ins-1", Pacs008.endToEndId("ins-1"));
    String thirtyFive = "x".repeat(35);
    assertEquals(thirtyFive, Pacs008.endToEndId(thirtyFive));

    String a = Pacs008.endToEndId("participant-with-a-long-name/idempotency-key-0001");
    String b = Pacs008.endToEndId("participant-with-a-long-name/idempotency-key-0002");
    assertEquals(35, a.length());
    assertTrue(a.startsWith("participant-with-a-lon"), a);
    assertNotEquals(a, b);
    assertEquals(a, Pacs008.endToEndId("participant-with-a-long-name/idempotency-key-0001"));
  }

  @Test
  void aStatusReportInABusinessMessageEnvelopeIsRead() {
    String bare = Iso20022Fixtures.status(MSG, "ACSC").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
    String wrapped = "<RequestPayload><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\"><BizMsgIdr>X</BizMsgIdr>"
        + "</AppHdr>" + bare + "</RequestPayload>";
    assertEquals("ACSC", Pacs002.parse(wrapped).status());
    assertThrows(RtgsProtocolException.class, () -> Pacs002.parse("<RequestPayload><AppHdr/></RequestPayload>"));
  }

  // --- the pacs.008 and its CBPR+ rules --------------------------------------------------------------

  private static final RtgsSettings SETTINGS = RtgsTransfers.settings();
  private static final Instant NOON_UTC = Instant.parse("2026-12-04T10:00:00Z");

  private static RailTransfer transfer(String instructionId, String participant, Creditor.BankAccount creditor, String reference) {
    return new RailTransfer(instructionId, RailKey.forInstruction(instructionId), participant,
        new Money(1, Currency.USD), creditor, reference);
  }

  private static RailTransfer typical() {
    return transfer("ins-1", "participant-1", new Creditor.BankAccount("ZNCOZMLU", "1234567890", "Chanda Mulenga"), "INV-1");
  }

  private static Element envelope(byte[] xml) {
    return SecureXml.parse(xml).getDocumentElement();
  }

  /** AppHdr or Document: the envelope has no namespace, its parts each have their own. */
  static Element part(Element envelope, String name) {
    return SecureXml.elementChildren(envelope).stream().filter(e -> name.equals(e.getLocalName())).findFirst().orElseThrow();
  }

  private static Element part(byte[] xml, String name) {
    return part(envelope(xml), name);
  }

  private static Element tx(byte[] xml) {
    return SecureXml.path(part(xml, "Document"), "FIToFICstmrCdtTrf", "CdtTrfTxInf").orElseThrow();
  }

  private static byte[] write(RailTransfer t, RtgsSettings settings, Instant now) {
    return Pacs008.write(t, (Creditor.BankAccount) t.creditor(), settings, now);
  }

  @Test
  void creationDateTimesCarryTheLusakaOffsetNotZ() {
    byte[] xml = write(typical(), SETTINGS, NOON_UTC);

    assertEquals("2026-12-04T12:00:00.000+02:00",
        SecureXml.text(part(xml, "Document"), "FIToFICstmrCdtTrf", "GrpHdr", "CreDtTm").orElseThrow());
    assertEquals("2026-12-04T12:00:00.000+02:00", SecureXml.text(part(xml, "AppHdr"), "CreDt").orElseThrow());
    assertFalse(new String(xml, StandardCharsets.UTF_8).contains("Z</"), "no date-time in UTC 'Z' form");
  }

  @Test
  void theSettlementDateIsTheLusakaDateNotTheUtcDate() {
    Instant lateEvening = Instant.parse("2026-12-04T23:30:00Z"); // already 5 December in Lusaka

    assertEquals("2026-12-05", SecureXml.text(tx(write(typical(), SETTINGS, lateEvening)), "IntrBkSttlmDt").orElseThrow());
    assertEquals("2026-12-04", SecureXml.text(tx(write(typical(), SETTINGS, NOON_UTC)), "IntrBkSttlmDt").orElseThrow());
  }

  @Test
  void theChargeBearerIsSharByDefaultDebtWhenConfiguredAndNeverSlev() {
    assertEquals("SHAR", SecureXml.text(tx(write(typical(), SETTINGS, NOON_UTC)), "ChrgBr").orElseThrow());
    assertEquals("DEBT",
        SecureXml.text(tx(write(typical(), SETTINGS.withChargeBearer("DEBT"), NOON_UTC)), "ChrgBr").orElseThrow());
    assertEquals("DEBT", RtgsSettings.fromConfig(
        com.typesafe.config.ConfigFactory.parseString("symphony.rails.rtgs.charge-bearer = DEBT")).chargeBearer());
    for (String refused : new String[] {"SLEV", "CRED", "shar", ""}) {
      assertThrows(IllegalArgumentException.class, () -> SETTINGS.withChargeBearer(refused), refused);
      assertThrows(IllegalArgumentException.class, () -> RtgsSettings.fromConfig(com.typesafe.config.ConfigFactory
          .parseString("symphony.rails.rtgs.charge-bearer = \"" + refused + "\"")), refused);
    }
  }

  @Test
  void theInstructionIdHasAtMost16CharactersAndIsTheSameOnAResend() {
    RailTransfer t = typical();
    String first = SecureXml.text(tx(write(t, SETTINGS, NOON_UTC)), "PmtId", "InstrId").orElseThrow();
    String resent = SecureXml.text(tx(write(t, SETTINGS, NOON_UTC.plusSeconds(3600))), "PmtId", "InstrId").orElseThrow();

    assertEquals(16, first.length());
    assertTrue(first.matches("^[0-9A-F]{16}$"), first);
    assertEquals(first, resent, "derived from the rail key, not the clock");
    assertEquals(Pacs008.messageId(t.railKey()).substring(3, 19), first);
    assertNotEquals(first, Pacs008.instructionId(RailKey.forInstruction("ins-2")));
  }

  @Test
  void theMessageIdHasAtMost35CharactersAndIsTheAppHdrBusinessMessageId() {
    byte[] xml = write(typical(), SETTINGS, NOON_UTC);
    String msgId = SecureXml.text(part(xml, "Document"), "FIToFICstmrCdtTrf", "GrpHdr", "MsgId").orElseThrow();

    assertTrue(msgId.length() <= 35, msgId);
    assertEquals(msgId, SecureXml.text(part(xml, "AppHdr"), "BizMsgIdr").orElseThrow());
  }

  @Test
  void unicodeNamesAreTransliteratedIntoTheSwiftCharacterSet() {
    Creditor.BankAccount creditor = new Creditor.BankAccount("ZNCOZMLU", "1234567890", "Zoë Ñúñez-Łukasz Straße 李 & Søn");
    RailTransfer t = transfer("ins-é/√", "partícipant_1", creditor, "Facture n° 12 — été");

    Element tx = tx(write(t, SETTINGS, NOON_UTC));

    assertEquals("Zoe Nunez-Lukasz Strasse . & Son", SecureXml.text(tx, "Cdtr", "Nm").orElseThrow());
    assertEquals("Facture n. 12 . ete", SecureXml.text(tx, "RmtInf", "Ustrd").orElseThrow());
    assertEquals("ins-e/.", SecureXml.text(tx, "PmtId", "EndToEndId").orElseThrow());
    assertEquals("participant.1", SecureXml.text(tx, "Dbtr", "Id", "OrgId", "Othr", "Id").orElseThrow());
  }

  @Test
  void everyTextIsInTheSwiftCharacterSet() {
    String hostile = "\u0001<&>\"ü中\uD83D\uDE00/";
    Creditor.BankAccount creditor = new Creditor.BankAccount("ZNCOZMLUXXX", "ACC1", "N" + hostile.substring(1));
    byte[] xml = write(transfer("//id" + hostile + "//", "p" + hostile, creditor, "r" + hostile), SETTINGS, NOON_UTC);

    Element tx = tx(xml);
    for (String[] path : new String[][] {{"PmtId", "InstrId"}, {"PmtId", "EndToEndId"}, {"Dbtr", "Id", "OrgId", "Othr", "Id"}}) {
      String id = SecureXml.text(tx, path).orElseThrow();
      assertTrue(id.matches("^[a-zA-Z0-9/\\-?:().,'+ ]+$"), "FIN X: " + id);
      assertFalse(id.startsWith("/") || id.endsWith("/") || id.contains("//"), "CBPR+ slashes: " + id);
    }
    for (String[] path : new String[][] {{"Dbtr", "Nm"}, {"Cdtr", "Nm"}, {"RmtInf", "Ustrd"}}) {
      String text = SecureXml.text(tx, path).orElseThrow();
      assertTrue(text.matches("^[a-zA-Z0-9/\\-?:().,'+ !#$%&*=^_`{|}~\";<>@\\[\\\\\\]]+$"), "CBPR+ names: " + text);
    }
    assertEquals("N<&>\"u../", SecureXml.text(tx, "Cdtr", "Nm").orElseThrow(), "escaped, not dropped; one '.' a character");
  }

  @Test
  void debtorAndCreditorAreTheRealPartiesAndAgents() {
    Element tx = tx(write(typical(), SETTINGS, NOON_UTC));

    assertEquals(SETTINGS.debtorName(), SecureXml.text(tx, "Dbtr", "Nm").orElseThrow());
    assertEquals("participant-1", SecureXml.text(tx, "Dbtr", "Id", "OrgId", "Othr", "Id").orElseThrow());
    assertEquals("SYMPZMLU", SecureXml.text(tx, "DbtrAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("SYMPZMLU", SecureXml.text(tx, "InstgAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("Chanda Mulenga", SecureXml.text(tx, "Cdtr", "Nm").orElseThrow());
    assertEquals("ZNCOZMLU", SecureXml.text(tx, "CdtrAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("ZNCOZMLU", SecureXml.text(tx, "InstdAgt", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("1234567890", SecureXml.text(tx, "CdtrAcct", "Id", "Othr", "Id").orElseThrow());
  }

  @Test
  void aCreditorJournaledWithoutANameIsNotProvided() {
    RailTransfer t = transfer("ins-old", "participant-1", new Creditor.BankAccount("ZNCOZMLU", "1234567890", null), "INV-1");

    assertEquals("NOTPROVIDED", SecureXml.text(tx(write(t, SETTINGS, NOON_UTC)), "Cdtr", "Nm").orElseThrow());
  }

  @Test
  void theAppHdrNamesSenderReceiverMessageAndService() {
    Element appHdr = part(write(typical(), SETTINGS, NOON_UTC), "AppHdr");

    assertEquals(BusinessMessage.HEAD_NAMESPACE, appHdr.getNamespaceURI());
    assertEquals("SYMPZMLU", SecureXml.text(appHdr, "Fr", "FIId", "FinInstnId", "BICFI").orElseThrow());
    assertEquals(SETTINGS.receiverBic(), SecureXml.text(appHdr, "To", "FIId", "FinInstnId", "BICFI").orElseThrow());
    assertEquals("pacs.008.001.08", SecureXml.text(appHdr, "MsgDefIdr").orElseThrow());
    assertEquals("swift.cbprplus.03", SecureXml.text(appHdr, "BizSvc").orElseThrow());
  }

  @Test
  void textIsEscapedAndUnsafeCharactersAreDropped() {
    String nasty = "<Ustrd>&amp; \"quoted\" ]]> \u0001bell\u0007 " + "z".repeat(200);
    RailTransfer transfer = new RailTransfer("ins-<&>", RailKey.forInstruction("ins-<&>"), "bank & co <ltd>",
        new Money(1, Currency.USD), new Creditor.BankAccount("ZNCOZMLUXXX", "ACC1", "Chanda Mulenga"), nasty);

    Element tx = tx(write(transfer, SETTINGS, Instant.EPOCH));

    assertEquals("0.01", SecureXml.text(tx, "IntrBkSttlmAmt").orElseThrow());
    assertEquals("USD", SecureXml.child(tx, "IntrBkSttlmAmt").orElseThrow().getAttribute("Ccy"));
    assertEquals("1970-01-01", SecureXml.text(tx, "IntrBkSttlmDt").orElseThrow());
    assertEquals("bank...co..ltd.", SecureXml.text(tx, "Dbtr", "Id", "OrgId", "Othr", "Id").orElseThrow());
    assertEquals("ins-...", SecureXml.text(tx, "PmtId", "EndToEndId").orElseThrow());
    String ustrd = SecureXml.text(tx, "RmtInf", "Ustrd").orElseThrow();
    assertEquals(140, ustrd.length(), "Max140Text");
    assertTrue(ustrd.startsWith("<Ustrd>&amp; \"quoted\" ]]>  bell "), ustrd);
    assertEquals("ZNCOZMLUXXX", SecureXml.text(tx, "CdtrAgt", "FinInstnId", "BICFI").orElseThrow());
  }
}
