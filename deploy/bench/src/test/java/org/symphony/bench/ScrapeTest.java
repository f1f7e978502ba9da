package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeTest {

  private static final String NODE1 = """
      # TYPE symphony_instruction_state_entered_total counter
      symphony_instruction_state_entered_total{state="PENDING"} 100.0
      symphony_instruction_state_entered_total{state="SUCCEEDED"} 90.0
      symphony_instruction_state_entered_total{state="FAILED"} 2.0
      symphony_process_cpu_time_seconds 12.5
      symphony_journal_events_total{tag="a"} 300.0
      symphony_attestations_total 100.0
      symphony_jvm_heap_used_bytes{pool="young"} 104857600.0
      symphony_jvm_heap_used_bytes{pool="old"} 104857600.0
      symphony_rail_calls_total{rail="mtn",operation="dispatch"} 50.0
      """;
  private static final String NODE2 = """
      symphony_instruction_state_entered_total{state="PENDING"} 40.0
      symphony_instruction_state_entered_total{state="SUCCEEDED"} 38.0
      symphony_instruction_state_entered_total{state="REJECTED"} 1.0
      symphony_process_cpu_time_seconds 7.5
      symphony_journal_events_total{tag="a"} 120.0
      symphony_attestations_total 40.0
      symphony_jvm_heap_used_bytes{pool="old"} 314572800.0
      symphony_rail_calls_total{rail="mtn",operation="dispatch"} 20.0
      symphony_rail_calls_total{rail="mtn",operation="dispatch",outcome="not_asked"} 6.0
      symphony_rail_calls_total{outcome="not_asked",rail="mtn",operation="status"} 4.0
      symphony_rail_calls_total{rail="mtn",operation="status",outcome="in_progress"} 30.0
      """;

  private final Scrape one = new Scrape(List.of(NODE1), 0);
  private final Scrape two = new Scrape(List.of(NODE1, NODE2), 0);

  @Test
  void countersAreSummedOverTheNodes() {
    assertEquals(140.0, two.sum("symphony_instruction_state_entered_total", "state=\"PENDING\""));
    assertEquals(90 + 2 + 38 + 1, two.settled());
    assertEquals(20.0, two.cpuSeconds());
    assertEquals(300 + 100 + 120 + 40, two.durableRows());
    assertEquals(76.0, two.sum(RailExchanges.CALLS, "operation=\"dispatch\""));
  }

  @Test
  void theHeapIsTheLargestNodesNotTheSum() {
    assertEquals(200.0, one.heapMiB(), 1e-9);
    assertEquals(300.0, two.heapMiB(), 1e-9, "node 2's 300 MiB, not 500");
  }

  @Test
  void aSeriesNoNodeHasIsZero() {
    assertEquals(0.0, two.sum("symphony_dlq_entered_total"));
    assertEquals(0.0, new Scrape(List.of(), 0).heapMiB());
  }

  @Test
  void railExchangesPerSettledInstructionComeFromTheSummedScrapes() {
    Scrape before = new Scrape(List.of("", ""), 0);
    RailExchanges x = RailExchanges.between(before, two);
    assertEquals(70.0 / 131, x.dispatches(), 1e-9, "the 6 dispatches not sent are no exchange");
    assertEquals(30.0 / 131, x.statusQueries(), 1e-9, "nor the 4 status queries, whatever the label order");
  }
}
