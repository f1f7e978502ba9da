package org.symphony.node;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.symphony.audit.verify.ChainVerification;
import org.symphony.audit.verify.ChainVerifier;
import org.symphony.audit.verify.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code symphony verify-chain}: recomputes every node's attestation chain and checks its signed
 * checkpoints (audit/CHAIN.md). Exit 0 intact, 1 broken (first broken link printed per node), 2 not verifiable.
 */
@Command(name = "verify-chain", mixinStandardHelpOptions = true,
    description = "Verify the ingress attestation hash chains and their signed checkpoints.")
final class VerifyChainCommand implements Callable<Integer> {

  @Option(names = "--home", description = "Node home whose dev.json names the database (default ~/.symphony).")
  Path home;

  @Option(names = "--db-url", description = "JDBC URL of the database (default: SYMPHONY_DB_URL, else dev.json).")
  String dbUrl;

  @Option(names = "--db-user") String dbUser;

  @Option(names = "--db-password") String dbPassword;

  @Option(names = "--trust-key", description = "Checkpoint key id to trust (repeatable). Default: every key registered "
      + "in the database — pin the nodes' key ids (logged at start) so a key planted by whoever can write the database "
      + "cannot vouch for a rewritten chain.")
  java.util.List<String> trustedKeys = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    DatabaseLocation db =
        DatabaseLocation.resolve(dbUrl, dbUser, dbPassword, home != null ? home : DatabaseLocation.defaultHome());
    var options = ChainVerifier.Options.DEFAULTS.withTrustedKeyIds(java.util.Set.copyOf(trustedKeys));
    return ChainVerification.run(db.dataSource(), System.out, ProgressListener.printingTo(System.err), options);
  }
}
