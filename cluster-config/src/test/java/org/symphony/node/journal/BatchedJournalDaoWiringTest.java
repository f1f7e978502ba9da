package org.symphony.node.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Test;
import scala.concurrent.ExecutionContext;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The node's journal uses the batched DAO, and the plugin can make it: the plugin instantiates
 * {@code jdbc-journal.dao} reflectively with exactly these six parameter types, so a mismatch would only show at
 * the first start.
 */
class BatchedJournalDaoWiringTest {

  @Test
  void theNodesJournalIsConfiguredWithTheBatchedDaoAndThePluginCanConstructIt() throws Exception {
    String dao = ConfigFactory.load().getString("jdbc-journal.dao");
    assertEquals(BatchedJournalDao.class.getName(), dao);
    Class<?> type = Class.forName(dao);
    assertTrue(JournalDao.class.isAssignableFrom(type));
    type.getConstructor(
        JdbcBackend.JdbcDatabaseDef.class,
        JdbcProfile.class,
        JournalConfig.class,
        Serialization.class,
        ExecutionContext.class,
        Materializer.class);
  }
}
