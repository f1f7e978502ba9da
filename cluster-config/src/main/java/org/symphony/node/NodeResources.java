package org.symphony.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.symphony.node.guardian.NodeHealth;

/**
 * Lets components that Pekko instantiates by class name (health checks) find the node's health.
 * Keyed by actor-system name so that several nodes in one test JVM do not see each other's.
 */
final class NodeResources {

  private static final Map<String, NodeHealth> HEALTH = new ConcurrentHashMap<>();

  private NodeResources() {}

  static void register(String systemName, NodeHealth health) {
    HEALTH.put(systemName, health);
  }

  static void unregister(String systemName) {
    HEALTH.remove(systemName);
  }

  static NodeHealth health(String systemName) {
    return HEALTH.get(systemName);
  }
}
