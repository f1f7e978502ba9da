package org.symphony.multijvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Linux network namespaces for a cluster on one machine, so that a partition is packets really dropped.
 *
 * <p>Each node gets a namespace with two links: {@code svc} on the service bridge ({@link #SERVICE_GATEWAY} in the
 * root namespace, where the test, the database and the rail simulators live), and {@code clu} on the cluster bridge,
 * which only Artery uses. A partition moves the root-side end of some nodes' cluster links onto a second, unconnected
 * bridge: their cluster packets to the others go nowhere (same subnet, no route, silently dropped), while the
 * database, the rails and the test still reach every node. Healing plugs them back.
 *
 * <p>Names: {@code spl<pid36><role>} (at most 15 characters), pid36 = the test JVM's pid in base 36, so that a lab
 * left behind by a test JVM that died is recognised and removed ({@link #sweepLeftovers}) while a live one is not.
 */
final class NetworkLab implements AutoCloseable {

  static final String PREFIX = "spl";
  static final String SERVICE_GATEWAY = "10.77.0.1";
  static final String SERVICE_NETWORK = "10.77.0.0/24";
  private static final String CLUSTER_SUBNET = "10.78.0.";
  private static final String SERVICE_SUBNET = "10.77.0.";
  private static final int PREFIX_LENGTH = 24;
  private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern LAB_NAME = Pattern.compile(PREFIX + "([0-9a-z]+)(?:[a-z]\\d*)");

  /** One node's place in the lab. */
  record LabHost(int index, String namespace, String serviceIp, String clusterIp, String clusterLink) {}

  private final String id;
  private final List<LabHost> hosts;
  private final String serviceBridge;
  private final String clusterBridge;
  private final String cutBridge;
  private final Thread shutdownHook;
  private boolean closed;

  private NetworkLab(String id, int nodes) {
    this.id = id;
    this.serviceBridge = name("s");
    this.clusterBridge = name("c");
    this.cutBridge = name("x");
    List<LabHost> list = new ArrayList<>();
    for (int i = 1; i <= nodes; i++)
      list.add(new LabHost(i, name("n" + i), SERVICE_SUBNET + (10 + i), CLUSTER_SUBNET + (10 + i), name("c" + i)));
    this.hosts = List.copyOf(list);
    this.shutdownHook = new Thread(this::removeQuietly, "remove-network-lab-" + id);
  }

  /**
   * Creates a lab of {@code nodes} namespaces. Without {@code ip netns} (not root, no iproute2): fails when the
   * environment says CI=true (CI must run these tests), otherwise skips the test with the reason.
   */
  static NetworkLab create(int nodes) {
    String missing = unavailableBecause();
    if (missing != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI")))
        throw new AssertionError("partition tests need network namespaces, but " + missing
            + " (CI runs as root; .ci/run installs iproute2)");
      Assumptions.assumeTrue(false, "partition tests skipped: " + missing);
    }
    sweepLeftovers();
    NetworkLab lab = new NetworkLab(Long.toString(ProcessHandle.current().pid(), 36), nodes);
    Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
    try {
      lab.build();
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  List<LabHost> hosts() {
    return hosts;
  }

  LabHost host(int index) {
    return hosts.get(index - 1);
  }

  /** The command prefix that runs a program inside {@code host}'s namespace. */
  List<String> inside(LabHost host) {
    return List.of("ip", "netns", "exec", host.namespace());
  }

  /**
   * Cuts the cluster links of {@code side} (node indexes) off from the others: they keep reaching each other, the
   * database and the test, but no cluster packet crosses between the two sides.
   */
  void partition(Collection<Integer> side) {
    for (int index : side) {
      LabHost host = host(index);
      ip("link", "set", host.clusterLink(), "nomaster");
      ip("link", "set", host.clusterLink(), "master", cutBridge);
    }
  }

  /** Every cluster link back on the one cluster bridge. */
  void heal() {
    for (LabHost host : hosts) ip("link", "set", host.clusterLink(), "master", clusterBridge);
  }

  /** Which nodes' cluster links are on the cut bridge now (from the kernel, for the report). */
  Set<Integer> cutOff() {
    Set<Integer> cut = new TreeSet<>();
    String links = ip("-o", "link", "show", "master", cutBridge);
    for (LabHost host : hosts) if (links.contains(" " + host.clusterLink() + ":") || links.contains(" " + host.clusterLink() + "@")) cut.add(host.index());
    return cut;
  }

  @Override
  public void close() {
    removeQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to
    }
  }

  private void build() {
    bridge(serviceBridge);
    ip("addr", "add", SERVICE_GATEWAY + "/" + PREFIX_LENGTH, "dev", serviceBridge);
    bridge(clusterBridge);
    bridge(cutBridge);
    for (LabHost host : hosts) {
      ip("netns", "add", host.namespace());
      ip("-n", host.namespace(), "link", "set", "lo", "up");
      link(host, name("s" + host.index()), "svc", serviceBridge, host.serviceIp());
      link(host, host.clusterLink(), "clu", clusterBridge, host.clusterIp());
    }
  }

  private void bridge(String name) {
    ip("link", "add", name, "type", "bridge");
    ip("link", "set", name, "up");
  }

  /** A veth pair: {@code rootEnd} on {@code bridge}, {@code nsEnd} in the host's namespace with {@code address}. */
  private static void link(LabHost host, String rootEnd, String nsEnd, String bridge, String address) {
    ip("link", "add", rootEnd, "type", "veth", "peer", "name", nsEnd, "netns", host.namespace());
    ip("link", "set", rootEnd, "master", bridge, "up");
    ip("-n", host.namespace(), "addr", "add", address + "/" + PREFIX_LENGTH, "dev", nsEnd);
    ip("-n", host.namespace(), "link", "set", nsEnd, "up");
  }

  private synchronized void removeQuietly() {
    if (closed) return;
    closed = true;
    remove(id);
  }

  /** Deleting a namespace deletes its veth ends, and with them their root-side peers. */
  private static void remove(String labId) {
    for (String ns : namespaces()) if (belongsTo(ns, labId)) quietly("netns", "del", ns);
    for (String link : links()) if (belongsTo(link, labId)) quietly("link", "del", link);
  }

  private static boolean belongsTo(String name, String labId) {
    Matcher m = LAB_NAME.matcher(name);
    return m.matches() && labIdOf(name).equals(labId);
  }

  /** The pid36 part of a lab name: everything between the prefix and the role (one letter, then digits). */
  private static String labIdOf(String name) {
    String rest = name.substring(PREFIX.length());
    return rest.replaceFirst("[a-z]\\d*$", "");
  }

  /** Removes labs whose test JVM is gone (a crashed earlier run); a live run's lab is left alone. */
  static void sweepLeftovers() {
    Set<String> dead = new TreeSet<>();
    List<String> names = new ArrayList<>(namespaces());
    names.addAll(links());
    for (String name : names) {
      if (!LAB_NAME.matcher(name).matches()) continue;
      String labId = labIdOf(name);
      long pid;
      try {
        pid = Long.parseLong(labId, 36);
      } catch (NumberFormatException e) {
        continue;
      }
      if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
      dead.add(labId);
    }
    for (String labId : dead) {
      System.err.println("removing network lab " + PREFIX + labId + "* left behind by an earlier test JVM");
      remove(labId);
    }
  }

  private static List<String> namespaces() {
    List<String> names = new ArrayList<>();
    for (String line : ip("netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(PREFIX)) names.add(name);
    }
    return names;
  }

  private static List<String> links() {
    List<String> names = new ArrayList<>();
    for (String line : ip("-o", "link", "show").split("\n")) {
      String[] parts = line.split(":\\s+", 3);
      if (parts.length < 2) continue;
      String name = parts[1].replaceFirst("@.*", "");
      if (name.startsWith(PREFIX)) names.add(name);
    }
    return names;
  }

  private String name(String role) {
    String name = PREFIX + id + role;
    if (name.length() > 15) throw new IllegalStateException("interface name too long: " + name);
    return name;
  }

  /** Why namespaces cannot be used here, or null when they can. */
  private static String unavailableBecause() {
    try {
      Result r = run(List.of("ip", "netns", "list"));
      if (r.exit() != 0) return "'ip netns list' failed (" + r.exit() + "): " + r.output().strip();
      String probe = "probe" + Long.toString(ProcessHandle.current().pid(), 36); // not a lab name: never swept
      Result add = run(List.of("ip", "netns", "add", probe));
      if (add.exit() != 0) return "cannot create a network namespace (not root?): " + add.output().strip();
      run(List.of("ip", "netns", "del", probe));
      return null;
    } catch (IOException e) {
      return "the 'ip' command (iproute2) is not installed: " + e.getMessage();
    }
  }

  private record Result(int exit, String output) {}

  static String ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    try {
      Result r = run(command);
      if (r.exit() != 0) throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().strip());
      return r.output();
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
    }
  }

  private static void quietly(String... args) {
    try {
      ip(args);
    } catch (IllegalStateException e) {
      System.err.println("network lab clean-up: " + e.getMessage());
    }
  }

  private static Result run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(IP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within " + IP_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
