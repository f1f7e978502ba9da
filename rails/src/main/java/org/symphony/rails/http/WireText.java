package org.symphony.rails.http;

/**
 * Text cut to a rail's length limit, or to what an event or a log keeps of a rail's answer. The cut falls between
 * characters (code points): cut between the two halves of a surrogate pair, a string sends '?' to a rail and cannot
 * be written to the journal's CBOR at all.
 */
public final class WireText {

  private WireText() {}

  /** At most {@code maxChars} characters of {@code text} ("" for null). */
  public static String clip(String text, int maxChars) {
    if (text == null) return "";
    if (text.codePointCount(0, text.length()) <= maxChars) return text;
    return text.substring(0, text.offsetByCodePoints(0, maxChars));
  }

  /** As {@link #clip}, with "…" when something was cut. */
  public static String excerpt(String text, int maxChars) {
    String clipped = clip(text, maxChars);
    return clipped.length() < (text == null ? 0 : text.length()) ? clipped + "…" : clipped;
  }
}
