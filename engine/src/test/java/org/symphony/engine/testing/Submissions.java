package org.symphony.engine.testing;

import java.time.Instant;
import org.symphony.engine.instruction.Submission;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;

/** Builders of valid submissions for tests. */
public final class Submissions {

  private Submissions() {}

  public static Submission of(String participantId, String key, long amountMinor) {
    return of(participantId, key, amountMinor, "+260961234567", "body-" + key + "-" + amountMinor);
  }

  public static Submission of(String participantId, String key, long amountMinor, String msisdn, String bodyHash) {
    return new Submission(
        participantId,
        key,
        bodyHash,
        new Money(amountMinor, Currency.ZMW),
        new Creditor.MobileWallet(msisdn),
        "ref-" + key,
        null,
        Instant.parse("2026-11-27T10:00:00Z"));
  }
}
