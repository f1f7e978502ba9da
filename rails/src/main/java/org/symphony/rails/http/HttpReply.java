package org.symphony.rails.http;

/** A fully read HTTP reply: status code and body text (already bounded in size by {@link BoundedHttp}). */
public record HttpReply(int status, String body) {

  /** The body cut to a length that is safe to put in a log line or a RailResult reason. */
  public String bodyExcerpt() {
    return WireText.excerpt(body, 200);
  }
}
