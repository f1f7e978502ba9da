package org.symphony.multijvm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;

/**
 * The classpath of the node JVMs: the test JVM's, with every SNAPSHOT jar (the project's own modules in ~/.m2)
 * replaced by a copy taken once per test. Other modules may be re-installed into ~/.m2 while a test runs; a node
 * JVM that loads classes lazily from a jar overwritten under it fails with NoClassDefFoundError, and the nodes
 * before and after a crash must run the same code. Release jars never change and are used in place.
 */
final class NodeClasspath {

  private static final Map<Path, String> SNAPSHOTS = new ConcurrentHashMap<>();

  private NodeClasspath() {}

  /** The classpath with SNAPSHOT jars copied into {@code dir} (once per dir; later calls reuse the copies). */
  static String snapshot(Path dir) {
    return SNAPSHOTS.computeIfAbsent(dir.toAbsolutePath(), NodeClasspath::copy);
  }

  private static String copy(Path dir) {
    try {
      Files.createDirectories(dir);
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path source = Path.of(entry);
        String name = source.getFileName() == null ? "" : source.getFileName().toString();
        if (!(name.endsWith(".jar") && name.contains("-SNAPSHOT")) || !Files.isRegularFile(source)) {
          entries.add(entry);
          continue;
        }
        Path target = dir.resolve(String.format("%02d-%s", n++, name));
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        try (ZipFile readable = new ZipFile(target.toFile())) {
          if (readable.size() == 0) throw new IOException("empty jar");
        } catch (IOException e) {
          throw new IOException("copy of " + source + " is not a readable jar (re-installed while copied?)", e);
        }
        entries.add(target.toString());
      }
      return String.join(File.pathSeparator, entries);
    } catch (IOException e) {
      throw new AssertionError("could not snapshot the node classpath into " + dir + ": " + e, e);
    }
  }
}
