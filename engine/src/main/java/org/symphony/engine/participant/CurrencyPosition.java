package org.symphony.engine.participant;

import org.symphony.engine.serialization.CborSerializable;

/**
 * A participant's position in one currency, in minor units, at the time it was read.
 *
 * @param netDebitMinor reserved + committed: Symphony sees only the participant's outflows, so its net
 *     debit position is everything sent or being sent
 * @param hourlyUsageMinor sequenced within the rolling hour and not released
 * @param dailyUsageMinor sequenced within the rolling 24 hours and not released
 */
public record CurrencyPosition(
    long reservedMinor, long committedMinor, long netDebitMinor, long hourlyUsageMinor, long dailyUsageMinor)
    implements CborSerializable {}
