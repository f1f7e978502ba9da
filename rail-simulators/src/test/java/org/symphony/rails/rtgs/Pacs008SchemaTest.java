package org.symphony.rails.rtgs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailTransfer;

/**
 * Every kind of pacs.008 the adapter writes validates against the official pacs.008.001.08 schema, and its
 * AppHdr against head.001.001.02; the pacs.028 status request against pacs.028.001.03.
 */
class Pacs008SchemaTest {

  private static final Instant NOW = Instant.parse("2026-12-04T23:30:00Z");

  private static RailTransfer transfer(String instructionId, String participant, Money amount, Creditor.BankAccount creditor,
      String reference) {
    return new RailTransfer(instructionId, RailKey.forInstruction(instructionId), participant, amount, creditor, reference);
  }

  private static RailTransfer typical() {
    return RtgsTransfers.good();
  }

  private static RailTransfer maximumLengths() {
    return transfer("i".repeat(300), "p".repeat(300), new Money(999_999_999_999_99L, Currency.ZMW),
        new Creditor.BankAccount("ZNCOZMLUXXX", "A".repeat(34), "N".repeat(Creditor.BankAccount.MAX_NAME_CHARS)),
        "r".repeat(1000));
  }

  private static RailTransfer bic11() {
    return transfer("ins-bic11", "participant-1", new Money(1, Currency.USD),
        new Creditor.BankAccount("SBICZML10ZN", "1234567890", "Chanda Mulenga"), "INV-1");
  }

  private static RailTransfer unicodeNames() {
    return transfer("ins-ünïcødé/李//", "partícipant_ß", new Money(15_000, Currency.ZMW),
        new Creditor.BankAccount("ZNCOZMLU", "1234567890", "Zoë Ñúñez-Łukasz 李小龍 \uD83D\uDE00 <&>\""), "Facture n° 12 — été ✓");
  }

  private static RailTransfer nullCreditorName() {
    return transfer("ins-before-names", "participant-1", new Money(15_000, Currency.ZMW),
        new Creditor.BankAccount("ZNCOZMLU", "1234567890", null), "");
  }

  private static void assertValid(RailTransfer t) {
    byte[] message = RtgsTransfers.businessMessage(t, RtgsTransfers.settings(), NOW);
    assertEquals(Optional.empty(), IsoXsd.violation("pacs.008.001.08", IsoXsd.part(message, "Document")), "pacs.008");
    assertEquals(Optional.empty(), IsoXsd.violation("head.001.001.02", IsoXsd.part(message, "AppHdr")), "AppHdr");
  }

  @Test
  void aTypicalTransferIsValid() {
    assertValid(typical());
  }

  @Test
  void maximumLengthIdsNamesAndTextsAreValid() {
    assertValid(maximumLengths());
  }

  @Test
  void anElevenCharacterBicIsValid() {
    assertValid(bic11());
  }

  @Test
  void unicodeNamesAreValid() {
    assertValid(unicodeNames());
  }

  @Test
  void aCreditorWithoutANameIsValid() {
    assertValid(nullCreditorName());
  }

  @Test
  void aDebitBearerIsValid() {
    byte[] message = RtgsTransfers.businessMessage(typical(), RtgsTransfers.settings().withChargeBearer("DEBT"), NOW);
    assertEquals(Optional.empty(), IsoXsd.violation("pacs.008.001.08", IsoXsd.part(message, "Document")));
  }

  @Test
  void theStatusRequestAndItsAppHdrAreValid() {
    for (RailTransfer t : new RailTransfer[] {typical(), maximumLengths(), unicodeNames()}) {
      byte[] request = RtgsTransfers.statusRequest(t, NOW);
      assertEquals(Optional.empty(), IsoXsd.violation("pacs.028.001.03", IsoXsd.part(request, "Document")), "pacs.028");
      assertEquals(Optional.empty(), IsoXsd.violation("head.001.001.02", IsoXsd.part(request, "AppHdr")), "AppHdr");
    }
  }

  @Test
  void theSchemaCheckCanFail() {
    byte[] message = RtgsTransfers.businessMessage(typical(), RtgsTransfers.settings(), NOW);
    org.w3c.dom.Element document = IsoXsd.part(message, "Document");
    org.w3c.dom.Element header = SecureXml.path(document, "FIToFICstmrCdtTrf", "GrpHdr").orElseThrow();
    header.removeChild(SecureXml.child(header, "NbOfTxs").orElseThrow());

    assertEquals(true, IsoXsd.violation("pacs.008.001.08", document).isPresent(), "a missing NbOfTxs is found");
  }
}
