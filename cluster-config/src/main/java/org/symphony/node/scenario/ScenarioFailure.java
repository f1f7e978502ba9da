package org.symphony.node.scenario;

/** Why a scenario could not run, as the one line the command prints, with its exit code (2 usage, 1 run). */
public final class ScenarioFailure extends Exception {

  public static final int USAGE = 2;
  public static final int RUN = 1;

  private final int exitCode;

  private ScenarioFailure(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public static ScenarioFailure usage(String message) {
    return new ScenarioFailure(message, USAGE);
  }

  public static ScenarioFailure run(String message) {
    return new ScenarioFailure(message, RUN);
  }

  public int exitCode() {
    return exitCode;
  }
}
