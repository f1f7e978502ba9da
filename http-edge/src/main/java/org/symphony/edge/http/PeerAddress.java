package org.symphony.edge.http;

import java.net.InetAddress;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;

/** The TCP peer of a request (EdgeServer turns the attribute on); a forwarded-for header is the client's word, never used. */
public final class PeerAddress {

  private PeerAddress() {}

  /** The peer's IP address; "unknown" when the server does not expose it. */
  public static String of(HttpRequest request) {
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress).map(InetAddress::getHostAddress).orElse("unknown");
  }
}
