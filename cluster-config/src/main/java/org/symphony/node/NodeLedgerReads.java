package org.symphony.node;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.symphony.audit.readmodel.LedgerBalance;
import org.symphony.audit.readmodel.ReadModelProjection;
import org.symphony.audit.readmodel.ReadModelQueries;
import org.symphony.edge.admin.LedgerReads;

/** The operator API's ledger: the read model's balances, and its rebuild across the cluster. */
record NodeLedgerReads(ActorSystem<?> system, ReadModelQueries readModel) implements LedgerReads {

  @Override
  public CompletionStage<List<LedgerBalance>> balances(String accountPrefix) {
    return readModel.balances(accountPrefix);
  }

  @Override
  public CompletionStage<Done> rebuild() {
    return ReadModelProjection.rebuild(system, readModel);
  }
}
