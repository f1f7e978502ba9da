package org.symphony.engine.participant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;

/**
 * What a participant sequenced per currency and minute over the last day, for the rolling hourly and
 * daily caps. Immutable. Minute m holds the amounts sequenced in it (by the event's own time, so replay
 * gives the same answer) less those later released; a committed amount keeps counting.
 *
 * <p>Bound: per currency, the latest minute and the 1440 before it, in a ring of 25 chunks of 60 slots.
 * An update copies the chunk index and one chunk, never the whole day, so the busiest participant's
 * events stay cheap.
 *
 * <p>Minute granularity errs on the side of counting (refuse rather than over-allow): a window read at
 * time t includes the whole minute it starts in, so an amount counts towards the hourly cap for at least
 * 60 and less than 61 minutes, and towards the daily cap for at least 24 h and less than 24 h 1 min.
 * Minutes recorded after t (a clock that stepped back) count as well.
 */
public final class RollingUsage {

  public static final int HOUR_MINUTES = 60;
  public static final int DAY_MINUTES = 1440;
  private static final int CHUNK = 60;
  private static final int CHUNKS = 25;
  /** More slots than retained minutes (1441), so a retained minute never shares its slot. */
  private static final int SLOTS = CHUNK * CHUNKS;

  private static final RollingUsage EMPTY = new RollingUsage(0, new EnumMap<>(Currency.class));

  /** The latest minute recorded; minutes before latestMinute - DAY_MINUTES are no longer retained. */
  private final long latestMinute;
  /** Per currency, CHUNKS chunks of CHUNK slots; a null chunk is all zeros. Never written after construction. */
  private final EnumMap<Currency, long[][]> ring;

  private RollingUsage(long latestMinute, EnumMap<Currency, long[][]> ring) {
    this.latestMinute = latestMinute;
    this.ring = ring;
  }

  public static RollingUsage empty() {
    return EMPTY;
  }

  /** The amount was sequenced (reserved) at {@code at}. */
  public RollingUsage plusSequenced(Money amount, Instant at) {
    RollingUsage advanced = advancedTo(minuteOf(at));
    // Older than the retained day (a clock stepped back that far): counted in the oldest retained minute.
    long minute = Math.max(minuteOf(at), advanced.oldestMinute());
    return advanced.added(amount.currency(), minute, amount.amountMinor());
  }

  /** An amount sequenced at {@code sequencedAt} was released: it no longer counts. */
  public RollingUsage minusReleased(Money amount, Instant sequencedAt) {
    long minute = minuteOf(sequencedAt);
    if (minute < oldestMinute()) return this; // out of every window already
    if (minute > latestMinute)
      throw new IllegalStateException("released an amount sequenced at " + sequencedAt + ", after every recorded minute");
    return added(amount.currency(), minute, -amount.amountMinor());
  }

  /** Sequenced and not released within the rolling hour that ends at {@code now}. */
  public Money hourly(Currency currency, Instant now) {
    return new Money(sumFrom(currency, minuteOf(now) - HOUR_MINUTES), currency);
  }

  /** Sequenced and not released within the rolling day that ends at {@code now}. */
  public Money daily(Currency currency, Instant now) {
    return new Money(sumFrom(currency, minuteOf(now) - DAY_MINUTES), currency);
  }

  static long minuteOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 60);
  }

  private long oldestMinute() {
    return latestMinute - DAY_MINUTES;
  }

  private long sumFrom(Currency currency, long fromMinute) {
    long[][] chunks = ring.get(currency);
    if (chunks == null) return 0;
    long sum = 0;
    for (long m = Math.max(fromMinute, oldestMinute()); m <= latestMinute; m++) sum = Math.addExact(sum, read(chunks, m));
    return sum;
  }

  private RollingUsage advancedTo(long minute) {
    if (minute <= latestMinute) return this;
    if (minute - latestMinute >= SLOTS) return new RollingUsage(minute, new EnumMap<>(Currency.class));
    // The slots of minutes (latest, minute] still hold minutes one ring older, out of every window: clear them.
    EnumMap<Currency, long[][]> next = new EnumMap<>(Currency.class);
    for (var entry : ring.entrySet()) {
      long[][] chunks = entry.getValue().clone();
      boolean[] copied = new boolean[CHUNKS];
      for (long m = latestMinute + 1; m <= minute; m++) {
        int slot = slot(m);
        int c = slot / CHUNK;
        if (chunks[c] == null) continue;
        if (!copied[c]) {
          chunks[c] = chunks[c].clone();
          copied[c] = true;
        }
        chunks[c][slot % CHUNK] = 0;
      }
      next.put(entry.getKey(), chunks);
    }
    return new RollingUsage(minute, next);
  }

  private RollingUsage added(Currency currency, long minute, long deltaMinor) {
    long[][] chunks = ring.containsKey(currency) ? ring.get(currency).clone() : new long[CHUNKS][];
    int slot = slot(minute);
    int c = slot / CHUNK;
    long[] chunk = chunks[c] == null ? new long[CHUNK] : chunks[c].clone();
    long next = Math.addExact(chunk[slot % CHUNK], deltaMinor);
    if (next < 0) throw new IllegalStateException("usage of " + currency + " in minute " + minute + " would go negative: " + next);
    chunk[slot % CHUNK] = next;
    chunks[c] = chunk;
    EnumMap<Currency, long[][]> copy = new EnumMap<>(ring);
    copy.put(currency, chunks);
    return new RollingUsage(latestMinute, copy);
  }

  private static long read(long[][] chunks, long minute) {
    int slot = slot(minute);
    long[] chunk = chunks[slot / CHUNK];
    return chunk == null ? 0 : chunk[slot % CHUNK];
  }

  private static int slot(long minute) {
    return (int) Math.floorMod(minute, (long) SLOTS);
  }

  /** One non-empty minute, as stored in snapshots. */
  public record Bucket(Currency currency, long minute, long minor) {}

  /** The stored form: only retained, non-empty minutes. */
  public record Stored(long latestMinute, List<Bucket> buckets) {}

  @JsonValue
  public Stored toStored() {
    List<Bucket> buckets = new ArrayList<>();
    for (var entry : ring.entrySet())
      for (long m = oldestMinute(); m <= latestMinute; m++) {
        long minor = read(entry.getValue(), m);
        if (minor != 0) buckets.add(new Bucket(entry.getKey(), m, minor));
      }
    return new Stored(latestMinute, buckets);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RollingUsage fromStored(Stored stored) {
    RollingUsage usage = new RollingUsage(stored.latestMinute(), new EnumMap<>(Currency.class));
    for (Bucket b : stored.buckets()) {
      if (b.minute() < usage.oldestMinute() || b.minute() > usage.latestMinute)
        throw new IllegalArgumentException("stored minute " + b.minute() + " outside the retained day ending " + stored.latestMinute());
      usage = usage.added(b.currency(), b.minute(), b.minor());
    }
    return usage;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RollingUsage o && o.toStored().equals(toStored());
  }

  @Override
  public int hashCode() {
    return toStored().hashCode();
  }

  @Override
  public String toString() {
    return "RollingUsage" + toStored();
  }
}
