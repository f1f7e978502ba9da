package org.symphony.audit.verify;

import java.io.PrintStream;

/** The human-readable verification report of {@code symphony verify-chain}. */
public final class ReportPrinter {

  private ReportPrinter() {}

  public static void print(VerificationReport report, PrintStream out) {
    out.printf("attestation chain: %d node(s), %d row(s) checked%n", report.nodes().size(), report.rowsChecked());
    for (NodeSummary n : report.nodes()) {
      out.printf("node %s: rows=%d head=%d hash=%s checkpoints=%d %s%n", n.nodeId(), n.rowsChecked(), n.headSeq(),
          n.headHash() == null ? "-" : n.headHash(), n.checkpointsChecked(), status(n));
    }
    for (ChainBreak b : report.breaks()) {
      out.println(b.line());
      out.println("  " + b.detail());
    }
    out.println(report.isIntact()
        ? "INTACT: every hash recomputes, every checkpoint verifies with a pinned key, the cadence holds and no signed head is missing"
        : "BROKEN: " + report.breaks().size() + " break(s); the first per node is where tampering or loss begins");
  }

  private static String status(NodeSummary n) {
    if (n.breaks() == 0 && n.complete()) return "OK";
    return "BROKEN (" + n.breaks() + " break(s)" + (n.complete() ? ")" : ", scan stopped at the break limit)");
  }
}
