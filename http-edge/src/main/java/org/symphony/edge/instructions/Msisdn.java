package org.symphony.edge.instructions;

import java.util.regex.Pattern;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.ProblemCode;

/**
 * Creditor numbers, normalised to E.164 before anything else sees them, so that the journal, the idempotency
 * check, the routing table and the rails all read one form. Participants' systems hold Zambian numbers in
 * several forms; the unambiguous ones are accepted:
 * <ul>
 *   <li>E.164: {@code +260971234567};
 *   <li>international without the plus: {@code 260971234567}, or with the international prefix {@code 00260971234567};
 *   <li>national, with the trunk prefix 0: {@code 0971234567}.
 * </ul>
 * Anything else (separators, a national number without its 0, a short number) is refused with MSISDN_INVALID, never
 * guessed at; a number of another country is MSISDN_UNSUPPORTED_COUNTRY while only Zambian wallets are routable.
 */
final class Msisdn {

  private static final String ZAMBIA = "+260";
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
  private static final Pattern ZAMBIAN = Pattern.compile("^\\+260[0-9]{9}$");
  private static final Pattern NATIONAL = Pattern.compile("^0[1-9][0-9]{8}$");
  private static final Pattern INTERNATIONAL_NO_PLUS = Pattern.compile("^260[0-9]{9}$");
  private static final Pattern INTERNATIONAL_PREFIX = Pattern.compile("^00[1-9][0-9]{7,14}$");
  private static final String FORMS =
      "creditor.msisdn must be a Zambian mobile number: +260971234567 (E.164), 260971234567, 00260971234567 or 0971234567";

  private Msisdn() {}

  /** The number in E.164, or why it is refused. */
  static Checked<String> normalise(String msisdn) {
    String e164;
    if (NATIONAL.matcher(msisdn).matches()) e164 = ZAMBIA + msisdn.substring(1);
    else if (INTERNATIONAL_NO_PLUS.matcher(msisdn).matches()) e164 = "+" + msisdn;
    else if (INTERNATIONAL_PREFIX.matcher(msisdn).matches()) e164 = "+" + msisdn.substring(2);
    else e164 = msisdn;
    if (!E164.matcher(e164).matches()) return Checked.refused(ProblemCode.MSISDN_INVALID, FORMS);
    if (!e164.startsWith(ZAMBIA))
      return Checked.refused(ProblemCode.MSISDN_UNSUPPORTED_COUNTRY, "only Zambian (+260) wallets are routable for now");
    if (!ZAMBIAN.matcher(e164).matches())
      return Checked.refused(ProblemCode.MSISDN_INVALID, "a Zambian number is +260 followed by 9 digits; " + FORMS);
    return Checked.ok(e164);
  }
}
