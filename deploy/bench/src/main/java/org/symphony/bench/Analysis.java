package org.symphony.bench;

/** The written analysis appended to RESULTS.md; edited by hand from the profile of a full run. */
final class Analysis {

  private Analysis() {}

  static final String TEXT = """
      See the profile above and `deploy/bench/results/*-execution-samples.txt`. To be completed from a full run.
      """;
}
