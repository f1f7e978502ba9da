package org.symphony.edge.admin;

import java.util.List;
import java.util.Optional;

/**
 * The operator's hold on cluster membership: the members as this node sees them, and the two changes an operator may
 * ask for — a graceful leave (the member hands its shards over, then stops) and a down (for a member that is gone and
 * will not leave by itself; the split-brain resolver does this on its own after a partition). Management's own
 * cluster routes only read: these are the only way to change membership, with an operator token.
 */
public interface ClusterAdmin {

  List<Member> members();

  /** Empty: no such member. {@code address} is a member's full address or its {@code host:port}. */
  Optional<Member> leave(String address, String by, String reason);

  /** Empty: no such member. */
  Optional<Member> down(String address, String by, String reason);

  /** A member: its address, status (Up, Leaving, …), roles, and whether this node sees it reachable. */
  record Member(String address, String status, List<String> roles, boolean reachable) {}
}
