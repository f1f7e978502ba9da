package org.symphony.node.supervision;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.stream.javadsl.Sink;
import org.symphony.audit.reconcile.VoidFeed;
import org.symphony.audit.reconcile.VoidedSequence;
import org.symphony.engine.participant.ParticipantEntity;
import org.symphony.engine.participant.ParticipantEvent.SequenceVoided;

/** The participants' SequenceVoided events, read by their tag from the journal, a page at a time. */
public final class JournalVoidFeed implements VoidFeed {

  private final JdbcReadJournal journal;
  private final ActorSystem<?> system;

  public JournalVoidFeed(JdbcReadJournal journal, ActorSystem<?> system) {
    this.journal = journal;
    this.system = system;
  }

  @Override
  public CompletionStage<Page> after(long offset, int limit) {
    return journal.currentEventsByTag(ParticipantEntity.VOID_TAG, offset == 0 ? Offset.noOffset() : Offset.sequence(offset))
        .take(limit)
        .runWith(Sink.seq(), system)
        .thenApply(envelopes -> page(envelopes, offset));
  }

  private static Page page(List<EventEnvelope> envelopes, long from) {
    long next = from;
    var voids = new java.util.ArrayList<VoidedSequence>();
    for (EventEnvelope e : envelopes) {
      if (e.offset() instanceof Sequence s) next = Math.max(next, s.value());
      if (e.event() instanceof SequenceVoided v)
        voids.add(new VoidedSequence(participantOf(e.persistenceId()), v.sequenceId(), v.instructionId(), v.reason(), v.detail(), v.at()));
    }
    return new Page(voids, next);
  }

  /** "Participant|<id>" → id. */
  private static String participantOf(String persistenceId) {
    int bar = persistenceId.indexOf('|');
    return bar < 0 ? persistenceId : persistenceId.substring(bar + 1);
  }
}
