package org.symphony.audit.reconcile;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The participants' VOIDs in journal order, from an offset (the node reads them by tag from the journal). */
public interface VoidFeed {

  CompletionStage<Page> after(long offset, int limit);

  record Page(List<VoidedSequence> voids, long nextOffset) {}
}
