package org.symphony.audit.verify;

import java.util.List;
import java.util.Optional;

/** The outcome of verifying every node's chain; breaks are grouped by node and in chain order within a node. */
public record VerificationReport(List<NodeSummary> nodes, List<ChainBreak> breaks) {

  public VerificationReport {
    nodes = List.copyOf(nodes);
    breaks = List.copyOf(breaks);
  }

  public boolean isIntact() {
    return breaks.isEmpty() && nodes.stream().allMatch(NodeSummary::complete);
  }

  public long rowsChecked() {
    return nodes.stream().mapToLong(NodeSummary::rowsChecked).sum();
  }

  public List<ChainBreak> breaksOf(String nodeId) {
    return breaks.stream().filter(b -> b.nodeId().equals(nodeId)).toList();
  }

  /** The first broken position of the node's chain, the one an investigation starts from. */
  public Optional<ChainBreak> firstBreak(String nodeId) {
    return breaks.stream().filter(b -> b.nodeId().equals(nodeId)).findFirst();
  }

  public Optional<NodeSummary> node(String nodeId) {
    return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
  }
}
