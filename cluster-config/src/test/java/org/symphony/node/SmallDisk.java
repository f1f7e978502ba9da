package org.symphony.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited file system of its own (tmpfs, mounted as root) for a database tablespace that can really fill up.
 * Unmounted on close (lazily if something still holds it), so that a failed test leaves no mount behind.
 */
final class SmallDisk implements AutoCloseable {

  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private final Path mountPoint;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  static SmallDisk mount(long sizeBytes) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("symphony-small-disk");
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0700", "tmpfs", dir.toString());
    if (out != null) {
      Files.deleteIfExists(dir);
      throw new IllegalStateException("cannot mount a " + sizeBytes + "-byte tmpfs at " + dir
          + " (this test mounts a file system: it needs root, as CI has): " + out);
    }
    return new SmallDisk(dir);
  }

  Path path() {
    return mountPoint;
  }

  /** Bytes still free on it. */
  long freeBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String failed = run("umount", mountPoint.toString());
    if (failed != null) {
      String lazy = run("umount", "-l", mountPoint.toString());
      if (lazy != null) throw new IllegalStateException("cannot unmount " + mountPoint + ": " + failed + "; " + lazy);
    }
    Files.deleteIfExists(mountPoint);
  }

  /** Runs a command; null when it succeeded, else its exit code and output. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not return";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
  }
}
