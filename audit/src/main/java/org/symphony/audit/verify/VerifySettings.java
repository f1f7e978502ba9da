package org.symphony.audit.verify;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.symphony.audit.checkpoint.CheckpointKeys;
import org.symphony.audit.checkpoint.CheckpointSettings;
import org.symphony.audit.checkpoint.SignedHeadFile;

/**
 * How a node verifies its database's chains ({@code symphony.audit.verify}): keys pinned in configuration plus the
 * node's own (derived from its key file, which is outside the database), the cadence it signs at, and the head it
 * last published outside the database.
 */
public final class VerifySettings {

  public static final String SECTION = "symphony.audit.verify";

  private VerifySettings() {}

  /** Read afresh per verification: the head file moves with every checkpoint. */
  public static ChainVerifier.Options nodeOptions(Config root) {
    CheckpointSettings checkpoints = CheckpointSettings.fromConfig(root);
    TrustedKeys trusted = TrustedKeys.parse(root.getStringList(SECTION + ".trusted-keys"));
    Optional<Path> keyFile = checkpoints.keyFile().filter(Files::exists);
    try {
      if (keyFile.isPresent()) trusted = trusted.with(CheckpointKeys.load(keyFile.get()).publicKey());
      ChainVerifier.Options options = ChainVerifier.Options.DEFAULTS.withTrustedKeys(trusted).withCadence(Cadence.fromConfig(root));
      Optional<Path> headFile = checkpoints.headFile().filter(Files::exists);
      if (headFile.isPresent()) options = options.withSignedHead(SignedHeadFile.read(headFile.get()));
      return options;
    } catch (IOException e) {
      throw new ChainVerificationException("Cannot read the node's checkpoint key or signed head: " + e.getMessage(), e);
    }
  }
}
