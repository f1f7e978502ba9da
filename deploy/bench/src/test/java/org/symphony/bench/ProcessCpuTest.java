package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void utimePlusStimeAreFields14And15() {
    String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 12345 0 3 0 1500 250 7 9 20 0 40 0 123456 3000000000 50000";
    assertEquals(1750, ProcessCpu.ticks(stat));
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String stat = "77 (rail sim (x)) R 1 77 77 0 -1 0 0 0 0 0 31 9 0 0 20 0 1 0 1 1 1";
    assertEquals(40, ProcessCpu.ticks(stat));
  }

  @Test
  void ticksPerSecondComeFromGetconfOrDefaultTo100() {
    assertEquals(250, ProcessCpu.parseTicksPerSecond("250\n"));
    assertEquals(100, ProcessCpu.parseTicksPerSecond("undefined"));
    assertEquals(100, ProcessCpu.parseTicksPerSecond(null));
  }

  @Test
  void thisProcessHasUsedSomeCpu() {
    assertTrue(ProcessCpu.seconds(ProcessHandle.current().pid()) > 0);
    assertTrue(ProcessCpu.ownSeconds() > 0);
  }

  @Test
  void postgresProcessesAreKnownByTheirCommandName() {
    assertTrue(ProcessCpu.isPostgres("4242 (postgres) S 1 4242 4242 0 -1 4194560 300 0 0 0 12 7 0 0 20 0 1 0 100"));
    assertFalse(ProcessCpu.isPostgres("4243 (java) S 1 4243 4243 0 -1 4194560 300 0 0 0 12 7 0 0 20 0 1 0 100"));
    assertFalse(ProcessCpu.isPostgres("4244 (postgres-exporter) S 1 4244 4244 0 -1 4194560 300 0 0 0 12 7 0 0 20 0 1 0 100"));
  }
}
