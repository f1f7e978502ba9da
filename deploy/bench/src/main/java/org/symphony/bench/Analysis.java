package org.symphony.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The written part of RESULTS.md, "Where it falls short, and why": deploy/bench/ANALYSIS.md, kept by the
 * engineer who read the last full run (profile, counters, table) and says which run it analyses. Kept out of
 * the code so that no figure in RESULTS.md is text compiled into the harness: the tables are the run's own.
 */
final class Analysis {

  private Analysis() {}

  static String text(Path repo) {
    Path file = repo.resolve("deploy/bench/ANALYSIS.md");
    if (!Files.isRegularFile(file)) return "(no deploy/bench/ANALYSIS.md: nobody has analysed a full run yet)\n";
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
