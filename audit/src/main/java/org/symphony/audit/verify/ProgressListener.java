package org.symphony.audit.verify;

import java.io.PrintStream;

/** Told every few thousand rows how far a verification got, so a CLI or endpoint can show progress. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (done, total) -> {};

  /**
   * @param rowsChecked rows verified so far, over all nodes
   * @param estimatedTotal rows expected in all (from table statistics, so approximate; never below rowsChecked)
   */
  void onProgress(long rowsChecked, long estimatedTotal);

  /** One line per call, e.g. {@code verified 200000 of ~1000000 rows (20%)}. */
  static ProgressListener printingTo(PrintStream out) {
    return (done, total) -> out.printf("verified %d of ~%d rows (%d%%)%n", done, total, total == 0 ? 100 : done * 100 / total);
  }
}
