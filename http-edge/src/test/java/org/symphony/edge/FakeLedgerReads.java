package org.symphony.edge;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.symphony.audit.readmodel.LedgerBalance;
import org.symphony.edge.admin.LedgerReads;

/** Ledger balances a test sets; counts rebuild requests. */
public final class FakeLedgerReads implements LedgerReads {

  public final List<LedgerBalance> balances = new CopyOnWriteArrayList<>();
  public final AtomicInteger rebuilds = new AtomicInteger();

  @Override
  public CompletionStage<List<LedgerBalance>> balances(String accountPrefix) {
    return CompletableFuture.completedFuture(balances.stream().filter(b -> b.account().startsWith(accountPrefix)).toList());
  }

  @Override
  public CompletionStage<Done> rebuild() {
    rebuilds.incrementAndGet();
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
