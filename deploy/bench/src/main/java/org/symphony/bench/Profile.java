package org.symphony.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JFR recording of the node during the rate steps, summarised: where its CPU samples are, by top frame
 * and by the library that owns the innermost frame we can name.
 */
final class Profile {

  private Profile() {}

  static void start(long pid) throws Exception {
    run(List.of("jcmd", Long.toString(pid), "JFR.start", "name=bench", "settings=profile"));
  }

  static void stop(long pid, Path file) throws Exception {
    run(List.of("jcmd", Long.toString(pid), "JFR.dump", "name=bench", "filename=" + file.toAbsolutePath()));
    run(List.of("jcmd", Long.toString(pid), "JFR.stop", "name=bench"));
  }

  record Summary(long samples, Map<String, Long> byOwner, Map<String, Long> byComponent, Map<String, Long> topFrames) {}

  /** Symphony packages, most specific first: the innermost Symphony frame of a sample names the part of the node it serves. */
  private static final String[][] COMPONENTS = {
    {"org.symphony.rails.sim.", "rail simulators (inside the node)"},
    {"org.symphony.rails.", "rail adapters and breakers"},
    {"org.symphony.edge.", "HTTP edge"},
    {"org.symphony.engine.", "engine entities"},
    {"org.symphony.audit.", "audit (attestation)"},
    {"org.symphony.node.metrics.MeteredJournal", "journal writes"},
    {"org.symphony.node.metrics.", "metrics"},
    {"org.symphony.", "node wiring"},
  };

  /** Owners in the order they are checked, innermost frame first. */
  private static final String[][] OWNERS = {
    {"org.postgresql.", "PostgreSQL JDBC driver"},
    {"slick.", "pekko-persistence-jdbc / Slick"},
    {"org.apache.pekko.persistence.jdbc.", "pekko-persistence-jdbc / Slick"},
    {"com.zaxxer.hikari.", "HikariCP"},
    {"com.fasterxml.jackson.", "Jackson (CBOR/JSON)"},
    {"com.nimbusds.", "JWT (nimbus)"},
    {"sun.security.ec.", "EC crypto (JWT ES256)"},
    {"sun.security.provider.", "SHA-256 / crypto"},
    {"org.apache.pekko.http.", "pekko-http"},
    {"org.apache.pekko.stream.", "pekko-stream"},
    {"org.apache.pekko.persistence.", "pekko-persistence"},
    {"org.apache.pekko.cluster.", "pekko-cluster/sharding"},
    {"org.apache.pekko.", "pekko actors/dispatch"},
    {"org.symphony.", "Symphony"},
    {"jdk.internal.net.http.", "JDK HttpClient (rail adapters)"},
    {"ch.qos.logback.", "logging"},
    {"kamon.", "Kamon metrics"},
    {"org.HdrHistogram.", "Kamon metrics"},
  };

  static Summary summarise(Path jfr, Path out) throws Exception {
    Process p = new ProcessBuilder("jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "40", jfr.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    p.waitFor();
    Map<String, Long> byOwner = new HashMap<>(), byComponent = new HashMap<>(), top = new HashMap<>();
    long samples = 0;
    List<String> frames = new ArrayList<>();
    boolean inStack = false;
    for (String raw : java.nio.file.Files.readAllLines(out)) {
      String line = raw.trim();
      if (line.startsWith("stackTrace = [")) {
        inStack = true;
        frames.clear();
      } else if (inStack && line.equals("]")) {
        inStack = false;
        if (frames.isEmpty()) continue;
        samples++;
        top.merge(frames.get(0), 1L, Long::sum);
        byOwner.merge(ownerOf(frames), 1L, Long::sum);
        byComponent.merge(componentOf(frames), 1L, Long::sum);
      } else if (inStack && !line.equals("...")) {
        int at = line.indexOf(" line:");
        frames.add(at > 0 ? line.substring(0, at) : line);
      }
    }
    return new Summary(samples, sorted(byOwner, 12), sorted(byComponent, 10), sorted(top, 15));
  }

  private static String componentOf(List<String> frames) {
    for (String f : frames)
      for (String[] c : COMPONENTS) if (f.startsWith(c[0])) return c[1];
    return "no Symphony frame in the 40 innermost (HTTP parsing, dispatch, journal, GC-free JDK work)";
  }

  private static String ownerOf(List<String> frames) {
    for (String f : frames)
      for (String[] o : OWNERS) if (f.startsWith(o[0])) return o[1];
    String leaf = frames.get(0);
    int paren = leaf.indexOf('(');
    String cls = paren > 0 ? leaf.substring(0, paren) : leaf;
    int dot = cls.lastIndexOf('.', Math.max(0, cls.lastIndexOf('.') - 1));
    return "JDK/other: " + (dot > 0 ? cls.substring(0, dot) : cls);
  }

  private static Map<String, Long> sorted(Map<String, Long> m, int limit) {
    Map<String, Long> r = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit).forEach(e -> r.put(e.getKey(), e.getValue()));
    return r;
  }

  static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + ": " + out);
  }
}
