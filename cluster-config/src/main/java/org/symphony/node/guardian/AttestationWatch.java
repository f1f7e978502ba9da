package org.symphony.node.guardian;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Watches the ingress attestation writer. A database outage only makes it refuse (fail closed) until the database is
 * back, and readiness says so; a writer thread that died cannot come back, so this child fails and its strategy
 * ({@link ChildStrategy.StopNode}) stops the node rather than leave it up refusing every request forever.
 */
public final class AttestationWatch {

  private enum Look { INSTANCE }

  /** Thrown when the writer has gone: the guardian stops the node. */
  public static final class WriterGone extends IllegalStateException {
    WriterGone() {
      super("the ingress attestation writer has stopped; no request can be attested any more");
    }
  }

  private AttestationWatch() {}

  public static Behavior<?> create(BooleanSupplier writerRunning, Duration interval) {
    return Behaviors.<Look>setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Look.INSTANCE, interval);
      return Behaviors.receive(Look.class)
          .onMessageEquals(Look.INSTANCE, () -> {
            if (!writerRunning.getAsBoolean()) throw new WriterGone();
            return Behaviors.same();
          })
          .build();
    }));
  }
}
