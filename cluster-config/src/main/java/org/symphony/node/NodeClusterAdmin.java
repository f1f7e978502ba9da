package org.symphony.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Leave;
import org.symphony.edge.admin.ClusterAdmin;

/** The edge's {@link ClusterAdmin} port on this node's cluster membership. */
final class NodeClusterAdmin implements ClusterAdmin {

  private final Cluster cluster;

  NodeClusterAdmin(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  @Override
  public List<ClusterAdmin.Member> members() {
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<ClusterAdmin.Member> members = new ArrayList<>();
    for (org.apache.pekko.cluster.Member m : state.getMembers()) members.add(view(m, state));
    return members;
  }

  @Override
  public Optional<ClusterAdmin.Member> leave(String address, String by, String reason) {
    return find(address).map(m -> {
      cluster.manager().tell(Leave.create(m.address()));
      return view(m, cluster.state());
    });
  }

  @Override
  public Optional<ClusterAdmin.Member> down(String address, String by, String reason) {
    return find(address).map(m -> {
      cluster.manager().tell(new Down(m.address()));
      return view(m, cluster.state());
    });
  }

  /** By full address, or by host:port. */
  private Optional<org.apache.pekko.cluster.Member> find(String address) {
    for (org.apache.pekko.cluster.Member m : cluster.state().getMembers()) {
      Address a = m.address();
      String hostPort = a.host().getOrElse(() -> "") + ":" + a.port().getOrElse(() -> -1);
      if (a.toString().equals(address) || hostPort.equals(address)) return Optional.of(m);
    }
    return Optional.empty();
  }

  private static ClusterAdmin.Member view(org.apache.pekko.cluster.Member m, ClusterEvent.CurrentClusterState state) {
    boolean reachable = !state.getUnreachable().contains(m);
    return new ClusterAdmin.Member(m.address().toString(), m.status().toString(), List.copyOf(m.getRoles()), reachable);
  }
}
