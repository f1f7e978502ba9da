package org.symphony.audit.evidence;

/**
 * The sections of the evidence bundle that are fed by measured runs (a scenario, a failure-injection case, a BC/DR
 * drill, a benchmark) rather than read from the database when the bundle is built. Each is a directory of the evidence
 * directory; a run writes one file per case into it, named after the case, the latest run of a case replacing the one
 * before.
 */
public enum EvidenceSection {
  SCENARIO("scenarios"),
  FAILURE_INJECTION("failure_injection"),
  BCDR("bcdr"),
  STRESS("stress"),
  /** Revocation drills: how long a raised policy version takes to refuse old tokens everywhere. */
  REVOCATION("revocation");

  private final String directory;

  EvidenceSection(String directory) {
    this.directory = directory;
  }

  public String directory() {
    return directory;
  }
}
