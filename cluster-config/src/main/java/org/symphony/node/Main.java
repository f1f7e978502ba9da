package org.symphony.node;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import org.symphony.node.scenario.ScenarioCommand;
import picocli.CommandLine.Command;

/** The symphony command line. Subcommands grow with the issues (verify-chain, gap-report, evidence-bundle, …). */
@Command(
    name = "symphony",
    mixinStandardHelpOptions = true,
    description = "Symphony payment orchestration engine",
    subcommands = {RunCommand.class, VerifyChainCommand.class, GapReportCommand.class, IncidentReportCommand.class, RailSimCommand.class,
        ScenarioCommand.class, EvidenceBundleCommand.class, BackupCommand.class, RestoreCommand.class, LedgerRebuildCommand.class,
        StandbyCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    CommonPool.ensureParallel();
    int exit = commandLine().execute(args);
    // Always: a node's threads (pools, the attestor) must not keep the JVM alive after `run` returned.
    System.exit(exit);
  }

  /** The command line with each subcommand's own error handling (scenario answers bad input in one line). */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Main());
    // Picocli asks the root's handler whichever subcommand failed to parse.
    CommandLine.IParameterExceptionHandler usual = line.getParameterExceptionHandler();
    line.setParameterExceptionHandler((e, args) -> e.getCommandLine().getCommandSpec().userObject() instanceof ScenarioCommand
        ? ScenarioCommand.usageError(e, args)
        : usual.handleParseException(e, args));
    return line;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }
}
