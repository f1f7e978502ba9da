package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CI build the bundle comes from, as .ci/run describes it in SYMPHONY_BUILD_* variables; not_available when the
 * bundle is built outside it (a developer's run), rather than an invented build.
 */
final class BuildAttestation {

  private BuildAttestation() {}

  static ObjectNode from(Map<String, String> env, Path sourceTree) {
    ObjectNode n = EvidenceResult.MAPPER.createObjectNode();
    String started = env.get("SYMPHONY_BUILD_STARTED_AT");
    String status = env.get("SYMPHONY_BUILD_STATUS");
    if (started == null || status == null) {
      n.put("status", "not_available");
      n.put("reason", "not built by .ci/run (SYMPHONY_BUILD_STARTED_AT and SYMPHONY_BUILD_STATUS unset)");
      return n;
    }
    n.put("status", "measured");
    n.put("ci_provider", env.getOrDefault("SYMPHONY_CI_PROVIDER", "CI".equals(env.get("CI")) || "true".equals(env.get("CI")) ? "ci" : "local"));
    n.put("ci_run_id", env.getOrDefault("SYMPHONY_EVIDENCE_RUN_ID", "unknown"));
    n.put("ci_conclusion", "success".equals(status) ? "success" : "failure");
    n.put("workflow_name", ".ci/run");
    n.put("workflow_run_url", env.getOrDefault("SYMPHONY_CI_RUN_URL", sourceTree.toAbsolutePath().normalize().resolve(".ci/run").toUri().toString()));
    n.put("runner_os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    n.put("build_status", "success".equals(status) ? "success" : "failure");
    n.put("build_started_at", started);
    n.put("build_finished_at", env.getOrDefault("SYMPHONY_BUILD_FINISHED_AT", started));
    return n;
  }
}
