package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  // --- the pacs.008 --------------------------------------------------------------------------------

  @Test
  void textIsEscapedAndUnsafeCharactersAreDropped() {
    String nasty = "<Ustrd>&amp; \"quoted\" ]]> \u0001bell\u0007 " + "z".repeat(200);
    RailTransfer transfer = new RailTransfer("ins-<&>", RailKey.forInstruction("ins-<&>"), "bank & co <ltd>",
        new Money(1, Currency.USD), new Creditor.BankAccount("ZNCOZMLUXXX", "ACC1", "Chanda Mulenga"), nasty);

    byte[] xml = Pacs008.write(transfer, (Creditor.BankAccount) transfer.creditor(), "SYMPZMLU", Instant.EPOCH);

    Element tx = SecureXml.path(SecureXml.parse(xml).getDocumentElement(), "FIToFICstmrCdtTrf", "CdtTrfTxInf").orElseThrow();
    assertEquals("0.01", SecureXml.text(tx, "IntrBkSttlmAmt").orElseThrow());
    assertEquals("USD", SecureXml.child(tx, "IntrBkSttlmAmt").orElseThrow().getAttribute("Ccy"));
    assertEquals("1970-01-01", SecureXml.text(tx, "IntrBkSttlmDt").orElseThrow());
    assertEquals("bank & co <ltd>", SecureXml.text(tx, "Dbtr", "Nm").orElseThrow());
    assertEquals("ins-<&>", SecureXml.text(tx, "PmtId", "EndToEndId").orElseThrow());
    String ustrd = SecureXml.text(tx, "RmtInf", "Ustrd").orElseThrow();
    assertEquals(140, ustrd.length(), "Max140Text");
    assertTrue(ustrd.startsWith("<Ustrd>&amp; \"quoted\" ]]>  bell "), ustrd);
    assertEquals("ZNCOZMLUXXX", SecureXml.text(tx, "CdtrAgt", "FinInstnId", "BICFI").orElseThrow());
  }
}
