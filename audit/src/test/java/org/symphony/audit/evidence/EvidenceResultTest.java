package org.symphony.audit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceResultTest {

  @TempDir Path dir;

  @Test
  void aRunThatPassedItsChecksIsWrittenAsPassWithWhatItMeasured() throws Exception {
    try (var r = EvidenceResult.start(dir, EvidenceSection.FAILURE_INJECTION, "double_tap", "T")) {
      r.measured("rail_executions", 1).check("one_execution", true);
      r.pass();
    }
    JsonNode json = EvidenceResult.MAPPER.readTree(dir.resolve("failure_injection/double_tap.json").toFile());
    assertEquals("pass", json.path("status").asText());
    assertEquals(1, json.path("measured").path("rail_executions").asLong());
    assertEquals("double_tap", json.path("name").asText());
  }

  @Test
  void aRunThatThrewBeforePassIsWrittenAsFail() throws Exception {
    assertThrows(IllegalStateException.class, () -> {
      try (var r = EvidenceResult.start(dir, EvidenceSection.BCDR, "pitr_restore", "T")) {
        throw new IllegalStateException("restore failed");
      }
    });
    assertEquals("fail", EvidenceResult.MAPPER.readTree(dir.resolve("bcdr/pitr_restore.json").toFile()).path("status").asText());
  }

  @Test
  void aFalseCheckMakesThePassedRunFail() throws Exception {
    try (var r = EvidenceResult.start(dir, EvidenceSection.BCDR, "standby_failover", "T")) {
      r.check("rpo_zero", false);
      r.pass();
    }
    assertEquals("fail", EvidenceResult.MAPPER.readTree(dir.resolve("bcdr/standby_failover.json").toFile()).path("status").asText());
  }
}
