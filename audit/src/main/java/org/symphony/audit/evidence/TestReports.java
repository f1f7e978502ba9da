package org.symphony.audit.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The JUnit results of the build, read from surefire's XML reports (TEST-*.xml) under the given module directories. */
record TestReports(int reports, long executed, long failed, long errors, long skipped) {

  static final String FRAMEWORK = "JUnit 5 (Jupiter) via maven-surefire-plugin 3.5.4";

  private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("\\b(tests|failures|errors|skipped)=\"(\\d+)\"");

  long passed() {
    return executed - failed - errors - skipped;
  }

  /**
   * Every target/surefire-reports/TEST-*.xml below root (module directories, not deeper than 5 levels), written at or
   * after notBefore when given (older ones are an earlier build's).
   */
  static TestReports under(Path root, java.util.Optional<java.time.Instant> notBefore) {
    int reports = 0;
    long tests = 0, failures = 0, errors = 0, skipped = 0;
    try (Stream<Path> files = Files.walk(root, 5)) {
      for (Path f : files.filter(TestReports::isReport).filter(f -> notBefore.map(t -> !modified(f).isBefore(t)).orElse(true)).toList()) {
        String head = head(f);
        Matcher suite = SUITE.matcher(head);
        if (!suite.find()) continue;
        reports++;
        Matcher a = ATTRIBUTE.matcher(suite.group());
        while (a.find()) {
          long n = Long.parseLong(a.group(2));
          switch (a.group(1)) {
            case "tests" -> tests += n;
            case "failures" -> failures += n;
            case "errors" -> errors += n;
            default -> skipped += n;
          }
        }
      }
    } catch (IOException e) {
      return new TestReports(0, 0, 0, 0, 0);
    }
    return new TestReports(reports, tests, failures, errors, skipped);
  }

  private static java.time.Instant modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toInstant();
    } catch (IOException e) {
      return java.time.Instant.EPOCH;
    }
  }

  private static boolean isReport(Path f) {
    String name = f.getFileName().toString();
    return name.startsWith("TEST-") && name.endsWith(".xml") && f.getParent() != null
        && f.getParent().getFileName().toString().equals("surefire-reports");
  }

  /** The testsuite element is at the top: 4 KiB is plenty and keeps large reports (with output) cheap. */
  private static String head(Path f) {
    try (var in = Files.newInputStream(f)) {
      return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

}
