package org.symphony.multijvm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.symphony.audit.evidence.EvidenceResult;
import org.symphony.audit.evidence.EvidenceSection;

/**
 * One failure-injection case measured by several test methods of one class (the same fault on one node, then on two):
 * one evidence file for the case. Its measured counts are the sums over the variants that ran, each variant's own
 * values are under {@code measured.variants}; a check holds only if it held in every variant, and the case passes only
 * if every variant that ran passed. Written when closed (the class's {@code @AfterAll}), from the test JVM.
 */
final class VariantEvidence implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EvidenceResult result;
  private final Map<String, Variant> variants = new LinkedHashMap<>();

  VariantEvidence(String caseName, Class<?> source) {
    this.result = EvidenceResult.start(EvidenceSection.FAILURE_INJECTION, caseName, source);
  }

  /** A new variant of the case (one per test method run). */
  synchronized Variant variant(String name) {
    Variant v = new Variant();
    variants.put(name, v);
    return v;
  }

  @Override
  public synchronized void close() {
    Map<String, Long> sums = new LinkedHashMap<>();
    Map<String, Boolean> checks = new LinkedHashMap<>();
    ObjectNode byVariant = JSON.createObjectNode();
    boolean allPassed = !variants.isEmpty();
    for (Map.Entry<String, Variant> e : variants.entrySet()) {
      Variant v = e.getValue();
      v.counts.forEach((k, n) -> sums.merge(k, n, Long::sum));
      v.checks.forEach((k, held) -> checks.merge(k, held, Boolean::logicalAnd));
      ObjectNode own = byVariant.putObject(e.getKey());
      own.put("status", v.passed ? "pass" : "fail");
      own.setAll(v.values);
      own.set("checks", JSON.valueToTree(v.checks));
      allPassed &= v.passed;
    }
    sums.forEach((k, n) -> result.measured(k, n.longValue()));
    result.measured("variants", byVariant);
    checks.forEach((k, held) -> result.check(k, held.booleanValue()));
    if (allPassed) result.pass();
    result.close();
  }

  /** One run of the case: counts are summed into the case, other values stay with the variant. */
  static final class Variant {
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final ObjectNode values = JSON.createObjectNode();
    private final Map<String, Boolean> checks = new LinkedHashMap<>();
    private boolean passed;

    synchronized Variant count(String key, long n) {
      counts.put(key, n);
      values.put(key, n);
      return this;
    }

    /** A value of this variant only (an id, a topology size): not summed into the case. */
    synchronized Variant measured(String key, long value) {
      values.put(key, value);
      return this;
    }

    synchronized Variant measured(String key, double value) {
      values.put(key, value);
      return this;
    }

    synchronized Variant measured(String key, String value) {
      values.put(key, value);
      return this;
    }

    synchronized Variant check(String key, boolean held) {
      checks.put(key, held);
      return this;
    }

    synchronized void pass() {
      passed = true;
    }
  }
}
