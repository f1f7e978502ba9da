package org.symphony.edge.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map of at most maxEntries, forgetting the least recently used first. Not thread-safe. */
final class LruMap<K, V> extends LinkedHashMap<K, V> {

  private final int maxEntries;

  LruMap(int maxEntries) {
    super(16, 0.75f, true);
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1");
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
