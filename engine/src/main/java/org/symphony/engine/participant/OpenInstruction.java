package org.symphony.engine.participant;

import org.symphony.engine.money.Money;
import org.symphony.engine.serialization.CborSerializable;

/** An instruction that holds a sequence id and a reservation and has not settled yet. */
public record OpenInstruction(String instructionId, long sequenceId, Money amount, java.time.Instant sequencedAt)
    implements CborSerializable {}
