package org.symphony.node.metrics;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal;
import org.apache.pekko.persistence.journal.Tagged;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * pekko-persistence-jdbc's journal, timed: write latency per batch, and the instruction events it commits
 * counted by kind (states entered, retries, duplicates, dead letters). Counting at the journal keeps the
 * engine free of metrics code; only writes that committed are counted, replays never are.
 * Selected with {@code jdbc-journal.class}.
 */
public final class MeteredJournal extends JdbcAsyncWriteJournal {

  public MeteredJournal(Config config) {
    super(config);
  }

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    long startNanos = System.nanoTime();
    List<AtomicWrite> writes = new ArrayList<>(CollectionConverters.asJava(messages));
    Future<Seq<Try<BoxedUnit>>> result = super.asyncWriteMessages(messages);
    result.onComplete(
        outcome -> {
          Instruments.timer(Instruments.JOURNAL_WRITE, System.nanoTime() - startNanos);
          if (outcome.isFailure()) {
            Instruments.counter(Instruments.JOURNAL_WRITE_FAILURES, writes.size());
            return BoxedUnit.UNIT;
          }
          List<Try<BoxedUnit>> each = CollectionConverters.asJava(outcome.get());
          for (int i = 0; i < writes.size(); i++) {
            if (i < each.size() && each.get(i).isFailure()) {
              Instruments.counter(Instruments.JOURNAL_WRITE_FAILURES, 1);
              continue;
            }
            for (PersistentRepr repr : CollectionConverters.asJava(writes.get(i).payload())) {
              Instruments.counter(Instruments.JOURNAL_EVENTS, 1);
              Object payload = repr.payload();
              InstructionEventMeter.record(payload instanceof Tagged t ? t.payload() : payload);
            }
          }
          return BoxedUnit.UNIT;
        },
        context().dispatcher());
    return result;
  }
}
