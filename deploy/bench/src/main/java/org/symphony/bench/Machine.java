package org.symphony.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on, and the machine's CPU counters. */
final class Machine {

  private Machine() {}

  static Map<String, String> describe(String postgresVersion) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("cpu", firstMatch("/proc/cpuinfo", "model name"));
    String kb = firstMatch("/proc/meminfo", "MemTotal").replace("kB", "").trim();
    m.put("ram", kb.matches("[0-9]+") ? String.format("%.1f GiB", Long.parseLong(kb) / 1048576.0) : kb);
    m.put("load average at start", firstMatch("/proc/loadavg", ""));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("postgresql", postgresVersion);
    m.put("pgbench", PgBench.version());
    return m;
  }

  private static String firstMatch(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file)))
        if (line.startsWith(key)) return line.substring(line.indexOf(':') + 1).trim();
    } catch (Exception e) {
      return "unknown";
    }
    return "unknown";
  }

  /** {busy, total} jiffies of all CPUs since boot, from /proc/stat. */
  static long[] cpuTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (Exception e) {
      return new long[] {0, 1};
    }
  }

  /** Machine CPU busy between two readings, in cores. */
  static double busyCores(long[] before, long[] after) {
    double total = after[1] - before[1];
    return total <= 0 ? 0 : (after[0] - before[0]) / total * Runtime.getRuntime().availableProcessors();
  }
}
