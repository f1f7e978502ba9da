package org.symphony.engine.rail;

import org.symphony.engine.money.Money;

/** What a rail is asked to execute. The rail key, not the instruction id, is the rail's idempotency key. */
public record RailTransfer(
    String instructionId, RailKey railKey, String participantId, Money amount, Creditor creditor, String reference) {}
