package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Which source the evidence is about: the git work tree the bundle is built from, read with git itself. */
final class SourceProvenance {

  private SourceProvenance() {}

  static ObjectNode read(Path workTree) {
    ObjectNode out = EvidenceResult.MAPPER.createObjectNode();
    Optional<String> head = git(workTree, "rev-parse", "HEAD");
    if (head.isEmpty()) {
      out.put("status", "not_available");
      out.put("reason", "not a git work tree (or git is missing): " + workTree);
      return out;
    }
    out.put("status", "measured");
    out.put("repository", git(workTree, "config", "--get", "remote.origin.url").orElse(workTree.toAbsolutePath().normalize().toString()));
    out.put("commit_hash", head.get());
    out.put("commit_author", git(workTree, "log", "-1", "--format=%an <%ae>").orElse("unknown"));
    out.put("commit_timestamp", git(workTree, "log", "-1", "--format=%cI")
        .map(t -> OffsetDateTime.parse(t).toInstant().toString()).orElse(Instant.EPOCH.toString()));
    out.put("branch", git(workTree, "rev-parse", "--abbrev-ref", "HEAD").orElse("unknown"));
    // %G? is N for a commit without signature; G/U/X/Y/R/E/B mean it carries one (good or not).
    out.put("signed_commit", !git(workTree, "log", "-1", "--format=%G?").orElse("N").equals("N"));
    out.put("signature_policy", "commits are not required to be signed in the sandbox");
    out.put("working_tree_clean", git(workTree, "status", "--porcelain", "--untracked-files=no").map(String::isEmpty).orElse(false));
    return out;
  }

  static Optional<String> git(Path workTree, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = workTree.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(text) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
