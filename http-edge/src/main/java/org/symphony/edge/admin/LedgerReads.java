package org.symphony.edge.admin;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.symphony.audit.readmodel.LedgerBalance;

/** The double-entry ledger of the read model, for operators. */
public interface LedgerReads {

  /** Balances of the accounts whose name starts with prefix ("" = all), bounded by the read model. */
  CompletionStage<List<LedgerBalance>> balances(String accountPrefix);

  /** Empties the read model and replays the journal into it; completes when the replay has started. */
  CompletionStage<Done> rebuild();
}
