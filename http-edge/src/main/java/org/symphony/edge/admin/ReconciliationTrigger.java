package org.symphony.edge.admin;

import java.util.concurrent.CompletionStage;
import org.symphony.audit.reconcile.CycleReport;

/** Runs a reconciliation cycle now, on whichever node holds the worker, and answers with what it did. */
@FunctionalInterface
public interface ReconciliationTrigger {

  CompletionStage<CycleReport> runNow();
}
