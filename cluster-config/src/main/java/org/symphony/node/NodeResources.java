package org.symphony.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.symphony.persistence.SymphonyDatabase;

/**
 * Lets components that Pekko instantiates by class name (health checks) find the node's database.
 * Keyed by actor-system name so that several nodes in one test JVM do not see each other's.
 */
final class NodeResources {

  private static final Map<String, SymphonyDatabase> DATABASES = new ConcurrentHashMap<>();

  private NodeResources() {}

  static void register(String systemName, SymphonyDatabase db) {
    DATABASES.put(systemName, db);
  }

  static void unregister(String systemName) {
    DATABASES.remove(systemName);
  }

  static SymphonyDatabase database(String systemName) {
    return DATABASES.get(systemName);
  }
}
