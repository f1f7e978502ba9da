package org.symphony.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A process of the bench's own: {@code nice -n 10 java …}, its output appended to a log read until it says it is up. */
final class JarProcess {

  private JarProcess() {}

  /** The command's start: this JVM's java, niced below the load generator, with the given JVM options. */
  static List<String> java(List<String> jvmOptions) {
    List<String> command = new ArrayList<>(List.of("nice", "-n", "10", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    return command;
  }

  static Process start(List<String> command, Path log) throws Exception {
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Reads the log until {@code up} finds what it waits for; fails (and kills the process) if it exits or the timeout
   * passes first. {@code what} names the process in the errors.
   */
  static <T> T awaitUp(Process process, Path log, String what, Duration timeout, Function<String, Optional<T>> up) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> ready = up.apply(Files.readString(log));
      if (ready.isPresent()) return ready.get();
      if (!process.isAlive()) throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it was up; see " + log);
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(what + " not up within " + timeout + "; see " + log);
      }
      Thread.sleep(200); // polling a log file; nothing to wait on
    }
  }
}
