package org.symphony.node;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The symphony command line. Subcommands grow with the issues (verify-chain, gap-report, evidence-bundle, …). */
@Command(
    name = "symphony",
    mixinStandardHelpOptions = true,
    description = "Symphony payment orchestration engine",
    subcommands = {RunCommand.class, VerifyChainCommand.class, GapReportCommand.class, IncidentReportCommand.class, RailSimCommand.class,
        BackupCommand.class, RestoreCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    CommonPool.ensureParallel();
    int exit = new CommandLine(new Main()).execute(args);
    // Always: a node's threads (pools, the attestor) must not keep the JVM alive after `run` returned.
    System.exit(exit);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }
}
