package org.symphony.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node's embedded PostgreSQL as an operator would handle it: its own {@code pg_ctl} (beside the running
 * postmaster's binary), run as zonky runs its binaries — through {@code unshare -U} when we are root, since
 * PostgreSQL refuses to run as root.
 */
final class EmbeddedPgCtl {

  private static final long PG_CTL_TIMEOUT_SECONDS = 60;

  private EmbeddedPgCtl() {}

  /** The running postmaster's pid, from the data directory's postmaster.pid. */
  static long postmasterPid(Path dataDir) throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }

  /** True while a postmaster runs on the data directory (its pid file names a live process). */
  static boolean running(Path dataDir) {
    try {
      return ProcessHandle.of(postmasterPid(dataDir)).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code pg_ctl stop -m fast}: clients disconnected, a shutdown checkpoint, the postmaster gone; returns pg_ctl's output.
   * pg_ctl's own wait (-w) is not used: it waits for the pid file to disappear and may never see it gone when the
   * node's keeper starts the server again within its polling interval; the stopped postmaster's exit is what counts.
   */
  static String stopFast(Path dataDir) throws IOException, InterruptedException {
    long pid = postmasterPid(dataDir);
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
    Path postgres = Path.of(postmaster.info().command()
        .orElseThrow(() -> new IllegalStateException("cannot see the postmaster's binary")));
    List<String> command = new ArrayList<>();
    if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) command.addAll(List.of("unshare", "-U"));
    command.addAll(List.of(postgres.resolveSibling("pg_ctl").toString(), "stop", "-m", "fast", "-W", "-D", dataDir.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(PG_CTL_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("pg_ctl stop did not return: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) throw new IllegalStateException("pg_ctl stop failed (" + p.exitValue() + "): " + out);
    try {
      postmaster.onExit().get(PG_CTL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the postmaster " + pid + " did not stop within " + PG_CTL_TIMEOUT_SECONDS + " s: " + out);
    }
    return out;
  }
}
