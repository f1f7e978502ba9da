package org.symphony.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds a process has used: another process from /proc/<pid>/stat, this JVM from its MXBean. */
final class ProcessCpu {

  /** Clock ticks per second of /proc's utime and stime, when getconf cannot say (it is 100 on Linux). */
  static final long DEFAULT_TICKS_PER_SECOND = 100;
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessCpu() {}

  /** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in clock ticks. */
  static long ticks(String statLine) {
    // Field 2 is the command name in parentheses and may contain spaces or ')': count from the last ')'.
    String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3].
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** CPU seconds used by process pid so far; NaN when it cannot be read (gone, or not Linux). */
  static double seconds(long pid) {
    try {
      return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / (double) TICKS_PER_SECOND;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /**
   * CPU seconds used so far by every PostgreSQL process on the machine (the node's embedded server: postmaster,
   * backends, WAL writer, checkpointer). Backends that exited take their CPU with them; the node's pools keep theirs.
   */
  static double postgresSeconds() {
    long ticks = 0;
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          if (isPostgres(stat)) ticks += ticks(stat);
        } catch (Exception gone) {
          // the process ended while being read
        }
      }
    } catch (Exception e) {
      return Double.NaN;
    }
    return ticks / (double) TICKS_PER_SECOND;
  }

  static boolean isPostgres(String statLine) {
    int open = statLine.indexOf('('), close = statLine.lastIndexOf(')');
    return open >= 0 && close > open && statLine.substring(open + 1, close).equals("postgres");
  }

  /** CPU seconds used by this JVM (the load generator) so far. */
  static double ownSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  static long parseTicksPerSecond(String getconfOutput) {
    String s = getconfOutput == null ? "" : getconfOutput.trim();
    return s.matches("[0-9]+") && Long.parseLong(s) > 0 ? Long.parseLong(s) : DEFAULT_TICKS_PER_SECOND;
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 ? parseTicksPerSecond(out) : DEFAULT_TICKS_PER_SECOND;
    } catch (Exception e) {
      return DEFAULT_TICKS_PER_SECOND;
    }
  }
}
