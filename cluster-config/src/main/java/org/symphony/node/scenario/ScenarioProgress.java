package org.symphony.node.scenario;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phase's progress on stderr: on a terminal a one-line bar redrawn in place (counts and rate), otherwise a plain
 * line at every 10 %, so that logs of CI runs stay readable.
 */
final class ScenarioProgress implements AutoCloseable {

  private static final int BAR_WIDTH = 30;
  private static final int LINE_STEPS = 10;

  private final PrintWriter err;
  private final boolean terminal;
  private final String phase;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService redraw;
  private int linesPrinted;

  ScenarioProgress(PrintWriter err, boolean terminal, String phase, long total, Duration interval) {
    this.err = err;
    this.terminal = terminal;
    this.phase = phase;
    this.total = total;
    this.redraw = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scenario-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, interval.toMillis());
    redraw.scheduleAtFixedRate(this::draw, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** Whether stderr goes to a person: Java sees only whether the process has a console. */
  static boolean stderrIsTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  void step() {
    done.incrementAndGet();
  }

  private synchronized void draw() {
    long n = Math.min(done.get(), total);
    if (terminal) {
      int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * n / total);
      err.print("\r" + phase + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + status(n));
      err.flush();
    } else {
      int step = total == 0 ? LINE_STEPS : (int) (LINE_STEPS * n / total);
      if (step > linesPrinted) { // one line for the newest step, even when a redraw crossed several
        linesPrinted = step;
        err.println(phase + " " + (step * 100 / LINE_STEPS) + "% " + status(n));
        err.flush();
      }
    }
  }

  private String status(long n) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "%d/%d  %.1f/s  %.1fs", n, total, seconds > 0 ? n / seconds : 0.0, seconds);
  }

  @Override
  public void close() {
    redraw.shutdownNow();
    try {
      redraw.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    if (terminal) err.println();
  }
}
