package org.symphony.edge;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.symphony.edge.admin.ClusterAdmin;

/** Two members; records each membership change asked of it. */
final class FakeClusterAdmin implements ClusterAdmin {

  static final String SELF = "pekko://symphony@127.0.0.1:25520";
  static final String OTHER = "pekko://symphony@127.0.0.1:25521";

  record Change(String action, String address, String by, String reason) {}

  final List<Change> changes = new CopyOnWriteArrayList<>();

  @Override
  public List<Member> members() {
    return List.of(new Member(SELF, "Up", List.of(), true), new Member(OTHER, "Up", List.of(), false));
  }

  @Override
  public Optional<Member> leave(String address, String by, String reason) {
    return change("leave", address, by, reason);
  }

  @Override
  public Optional<Member> down(String address, String by, String reason) {
    return change("down", address, by, reason);
  }

  private Optional<Member> change(String action, String address, String by, String reason) {
    Optional<Member> member = members().stream()
        .filter(m -> m.address().equals(address) || m.address().endsWith("@" + address))
        .findFirst();
    member.ifPresent(m -> changes.add(new Change(action, m.address(), by, reason)));
    return member;
  }
}
