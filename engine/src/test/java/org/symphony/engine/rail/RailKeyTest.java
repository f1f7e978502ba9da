package org.symphony.engine.rail;

import static org.junit.jupiter.api.Assertions.*;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.symphony.engine.instruction.InstructionId;

class RailKeyTest {

  @Test
  void isAPureFunctionOfTheInstructionId() {
    assertEquals(RailKey.forInstruction("a"), RailKey.forInstruction("a"));
    assertNotEquals(RailKey.forInstruction("a"), RailKey.forInstruction("b"));
  }

  @Test
  void isAVersion4UuidAsMtnRequires() {
    UUID u = UUID.fromString(RailKey.forInstruction("some-instruction").value());
    assertEquals(4, u.version());
    assertEquals(2, u.variant());
  }

  @Test
  void instructionIdIsDerivedFromParticipantAndKey() {
    String a = InstructionId.derive("bank-a", "k1");
    assertEquals(a, InstructionId.derive("bank-a", "k1"));
    assertNotEquals(a, InstructionId.derive("bank-b", "k1"), "keys are scoped per participant");
    assertNotEquals(a, InstructionId.derive("bank-a", "k2"));
    assertTrue(InstructionId.isWellFormed(a));
    assertEquals(8, UUID.fromString(a).version());
    assertFalse(InstructionId.isWellFormed("../../etc"));
  }

  @org.junit.jupiter.api.Test
  void aKeyIsRecognisedInItsOwnFormAndFromItsCompactHex() {
    RailKey key = RailKey.forInstruction("bank-a:inv-42");
    org.junit.jupiter.api.Assertions.assertTrue(RailKey.isWellFormed(key.value()));
    org.junit.jupiter.api.Assertions.assertFalse(RailKey.isWellFormed(key.value().toUpperCase()));
    org.junit.jupiter.api.Assertions.assertFalse(RailKey.isWellFormed("../../etc"));
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.Optional.of(key), RailKey.fromCompactHex(key.value().replace("-", "").toUpperCase()));
    org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.empty(), RailKey.fromCompactHex("not-hex"));
  }
}
