package org.symphony.node.journal;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal DAO with one change: a batch of rows is written with one multi-row INSERT for
 * the events and one for their tags ({@link JournalBatchInsert}) instead of one statement per tagged row. Reads,
 * deletes, serialization and the write queue are the plugin's own. Selected with {@code jdbc-journal.dao}; runs
 * on the plugin's Slick executor, as the stock write does.
 */
public class BatchedJournalDao extends DefaultJournalDao {

  private final JournalBatchInsert insert;

  public BatchedJournalDao(
      JdbcBackend.JdbcDatabaseDef db,
      JdbcProfile profile,
      JournalConfig journalConfig,
      Serialization serialization,
      ExecutionContext ec,
      Materializer mat) {
    super(db, profile, journalConfig, serialization, ec, mat);
    this.insert =
        new JournalBatchInsert(
            JournalTableNames.of(journalConfig.eventJournalTableConfiguration(), journalConfig.eventTagTableConfiguration()));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
    List<JournalRow> rows = new ArrayList<>(xs.size());
    for (Tuple2<JournalPekkoSerializationRow, Set<String>> x : CollectionConverters.asJava(xs)) rows.add(rowOf(x._1(), x._2()));
    SimpleJdbcAction<BoxedUnit> write =
        new SimpleJdbcAction<>(
            context -> {
              try {
                insert.write(context.connection(), rows);
              } catch (java.sql.SQLException e) {
                throw BatchedJournalDao.<RuntimeException>unchecked(e);
              }
              return BoxedUnit.UNIT;
            });
    return db().run((DBIOAction) write);
  }

  private static JournalRow rowOf(JournalPekkoSerializationRow r, Set<String> tags) {
    return new JournalRow(
        r.deleted(),
        r.persistenceId(),
        r.sequenceNumber(),
        r.writer(),
        r.writeTimestamp(),
        r.adapterManifest(),
        r.eventSerId(),
        r.eventSerManifest(),
        r.eventPayload(),
        r.metaSerId().isDefined() ? (Integer) r.metaSerId().get() : null,
        r.metaSerManifest().isDefined() ? r.metaSerManifest().get() : null,
        r.metaPayload().isDefined() ? r.metaPayload().get() : null,
        CollectionConverters.asJava(tags));
  }

  /**
   * The driver's exception itself fails the batch, as it does with the stock DAO (every write in the batch fails
   * with it, and so does each writer's persist); Slick turns it into the failed future.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable e) throws E {
    throw (E) e;
  }
}
