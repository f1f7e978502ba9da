package org.symphony.audit.attest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.symphony.audit.chain.AttestationRow;
import org.symphony.audit.chain.AttestationRow.Refusals;

/**
 * Unauthenticated refusals counted since the last drain, in bounded memory: one count per source address (and method,
 * path, status) up to max-sources, then one count for all other sources together; distinct reasons up to max-reasons,
 * then OTHER. The totals stay exact: every refusal added is in exactly one count of the next drain, and a count that
 * could not be chained is restored into the one after. Thread-safe.
 */
final class RefusalTally {

  static final String OTHER_REASONS = "OTHER";
  private static final Pattern PROBLEM_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");

  private record Key(String source, String method, String path, int httpStatus) {}

  /** Mutable, guarded by the tally's lock, never handed out. */
  private static final class Count {
    Instant firstAt;
    String firstRequestId;
    long count;
    final TreeSet<String> reasons = new TreeSet<>();

    Count(Instant firstAt, String firstRequestId) {
      this.firstAt = firstAt;
      this.firstRequestId = firstRequestId;
    }
  }

  private final RefusalSettings settings;
  private final Map<Key, Count> bySource = new LinkedHashMap<>();
  private Key otherKey;
  private Count otherSources;
  private boolean sealed;

  RefusalTally(RefusalSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** False once sealed (the node is stopping): the caller must then refuse the request some other way. */
  synchronized boolean add(Refusal r) {
    if (sealed) return false;
    count(new Key(r.source(), r.method(), r.path(), r.httpStatus()), r.receivedAt(), r.requestId(), 1, List.of(r.problemCode()));
    return true;
  }

  /** A count that could not be chained: it joins the next drain (also after sealing, so that close can retry it). */
  synchronized void restore(IngressRecord unwritten) {
    Refusals refusals = Objects.requireNonNull(unwritten.refusals(), "refusals");
    count(new Key(refusals.source(), unwritten.method(), unwritten.path(), unwritten.httpStatus()), unwritten.receivedAt(),
        unwritten.requestId(), refusals.count(), Arrays.asList(unwritten.problemCode().split(",")));
  }

  /** Takes every count as a row to chain, oldest source first, and starts afresh. */
  synchronized List<IngressRecord> drain() {
    List<IngressRecord> rows = new ArrayList<>(bySource.size() + 1);
    bySource.forEach((key, count) -> rows.add(row(key, count)));
    if (otherSources != null) rows.add(row(otherKey, otherSources));
    bySource.clear();
    otherKey = null;
    otherSources = null;
    return rows;
  }

  /** No more refusals are added; restored counts still are. */
  synchronized void seal() {
    sealed = true;
  }

  /** Counts held now (bounded by max-sources + 1). */
  synchronized int size() {
    return bySource.size() + (otherSources == null ? 0 : 1);
  }

  private void count(Key key, Instant at, String requestId, long n, List<String> reasons) {
    Count c = bySource.get(key);
    if (c == null) {
      if (!Refusals.OTHER_SOURCES.equals(key.source()) && bySource.size() < settings.maxSources()) {
        c = new Count(at, requestId);
        bySource.put(key, c);
      } else {
        if (otherSources == null) {
          otherKey = new Key(Refusals.OTHER_SOURCES, key.method(), key.path(), key.httpStatus());
          otherSources = new Count(at, requestId);
        }
        c = otherSources;
      }
    }
    c.count = Math.addExact(c.count, n);
    if (at.isBefore(c.firstAt)) {
      c.firstAt = at;
      c.firstRequestId = requestId;
    }
    for (String reason : reasons) {
      String code = PROBLEM_CODE.matcher(reason).matches() ? reason : OTHER_REASONS;
      if (c.reasons.contains(code)) continue;
      c.reasons.add(c.reasons.size() < settings.maxReasons() ? code : OTHER_REASONS);
    }
  }

  private static IngressRecord row(Key key, Count c) {
    return new IngressRecord(c.firstAt, IngressRecord.UNAUTHENTICATED, null, c.firstRequestId, null, key.method(), key.path(),
        null, AttestationRow.Outcome.REJECTED, String.join(",", c.reasons), key.httpStatus(),
        new Refusals(c.count, key.source()));
  }
}
