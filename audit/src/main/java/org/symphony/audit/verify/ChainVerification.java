package org.symphony.audit.verify;

import java.io.PrintStream;
import javax.sql.DataSource;

/**
 * Entry point for {@code symphony verify-chain} and the operator endpoint: verifies, prints the report and returns
 * the process exit code.
 */
public final class ChainVerification {

  public static final int INTACT = 0;
  public static final int BROKEN = 1;
  public static final int COULD_NOT_VERIFY = 2;

  private ChainVerification() {}

  public static int run(DataSource dataSource, PrintStream out, ProgressListener progress, ChainVerifier.Options options) {
    VerificationReport report;
    try {
      report = new ChainVerifier(dataSource, options).verify(progress);
    } catch (ChainVerificationException e) {
      out.println("COULD NOT VERIFY: " + e.getMessage());
      return COULD_NOT_VERIFY;
    }
    ReportPrinter.print(report, out);
    return report.isIntact() ? INTACT : BROKEN;
  }
}
