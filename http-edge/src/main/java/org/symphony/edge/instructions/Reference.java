package org.symphony.edge.instructions;

import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.ProblemCode;

/**
 * The participant's free-text reference: 1–140 characters (code points), printable. Control, format
 * (e.g. bidi overrides), unassigned and private-use characters are refused: the text ends up in rail
 * messages, statements and operator screens.
 */
final class Reference {

  static final int MAX_CHARS = 140;

  private Reference() {}

  static Checked<String> check(String reference) {
    int count = reference.codePointCount(0, reference.length());
    if (count < 1 || count > MAX_CHARS)
      return Checked.refused(ProblemCode.REFERENCE_INVALID, "reference must be 1 to " + MAX_CHARS + " characters");
    boolean printable = reference.codePoints().allMatch(Reference::isPrintable);
    if (!printable)
      return Checked.refused(ProblemCode.REFERENCE_INVALID, "reference must contain printable characters only");
    return Checked.ok(reference);
  }

  private static boolean isPrintable(int codePoint) {
    if (Character.isISOControl(codePoint)) return false;
    int type = Character.getType(codePoint);
    return type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
