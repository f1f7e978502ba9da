package org.symphony.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.symphony.audit.incident.AuditIncident;
import org.symphony.audit.incident.IncidentFilter;
import org.symphony.audit.supervision.ChainStatus;
import org.symphony.audit.supervision.GapReport;
import org.symphony.audit.supervision.GapWindow;
import org.symphony.audit.supervision.IncidentReport;
import org.symphony.audit.supervision.Overview;
import org.symphony.edge.supervisor.SupervisorReads;

/** An empty, clean supervision read side that counts how often it was asked (a refused caller must not reach it). */
final class FakeSupervisorReads implements SupervisorReads {

  final AtomicInteger calls = new AtomicInteger();
  volatile GapWindow lastWindow;
  volatile IncidentFilter lastFilter;

  @Override
  public CompletionStage<GapReport> gaps(GapWindow window) {
    calls.incrementAndGet();
    lastWindow = window;
    return CompletableFuture.completedFuture(new GapReport(Instant.EPOCH, window, Duration.ofSeconds(5), List.of(),
        new GapReport.Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
  }

  @Override
  public CompletionStage<Overview> overview() {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(new Overview(Instant.EPOCH, ChainStatus.notVerified(), List.of(), List.of()));
  }

  @Override
  public CompletionStage<List<AuditIncident>> incidents(IncidentFilter filter) {
    calls.incrementAndGet();
    lastFilter = filter;
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  public CompletionStage<Optional<IncidentReport>> report(String reference) {
    calls.incrementAndGet();
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
