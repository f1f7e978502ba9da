package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery target is judged only when the phase really had its instructions in flight. */
class ReportTest {

  @TempDir
  Path dir;

  private Report recovery(long acceptedInJournal, double restartSeconds, double allTerminalSeconds) {
    Report r = new Report(Bench.Options.parse(new String[0]), dir, dir.resolve("RESULTS.md"));
    r.recoveryAcceptedInJournal = acceptedInJournal;
    r.recoveryRestartSeconds = restartSeconds;
    r.recoverySeconds = allTerminalSeconds;
    return r;
  }

  @Test
  void aPhaseWhoseSubmissionsFailedMeasuredNothingAndIsNotMet() {
    // The first P15 full run: expired tokens, 0 of 10,000 accepted, "all terminal" after 9.9 s.
    String verdict = recovery(0, 9.9, 9.9).recoveryVerdict();
    assertTrue(verdict.startsWith("not measured"), verdict);
  }

  @Test
  void aRealPhaseIsJudgedOnBothBounds() {
    assertEquals("**no**", recovery(9_885, 14.2, 63.9).recoveryVerdict(), "the re-run: 63.9 s, node up 14.2 s");
    assertEquals("**no**", recovery(9_885, 14.2, 50).recoveryVerdict(), "node up after more than 10 s");
    assertEquals("yes", recovery(9_885, 9.5, 55).recoveryVerdict());
  }

  @Test
  void onlyTheSmokeRunAndSinglePhaseRunsCarryABanner() {
    // The 'p16' run used the full protocol under its own label and was wrongly bannered "not a measurement".
    assertEquals("", new Report(Bench.Options.parse(new String[] {"--label=p16"}), dir, dir.resolve("RESULTS.md")).banner());
    assertTrue(new Report(Bench.Options.parse(new String[] {"--label=smoke"}), dir, dir.resolve("RESULTS.md")).banner().contains("SMOKE RUN"));
    assertTrue(new Report(Bench.Options.parse(new String[] {"--label=soak1m", "--phases=soak", "--soak-rate=191", "--soak-instructions=1000000"}),
        dir, dir.resolve("RESULTS.md")).banner().contains("--phases=soak"));
  }
}
