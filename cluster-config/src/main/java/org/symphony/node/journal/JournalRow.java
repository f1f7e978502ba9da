package org.symphony.node.journal;

import java.util.Set;

/**
 * One event as the journal stores it, with its tags: the columns of {@code event_journal} except {@code ordering},
 * which the database assigns. Metadata is absent (nulls) for events written without any.
 */
record JournalRow(
    boolean deleted,
    String persistenceId,
    long sequenceNumber,
    String writer,
    long writeTimestamp,
    String adapterManifest,
    int eventSerId,
    String eventSerManifest,
    byte[] eventPayload,
    Integer metaSerId,
    String metaSerManifest,
    byte[] metaPayload,
    Set<String> tags) {

  JournalRow {
    tags = Set.copyOf(tags);
  }
}
