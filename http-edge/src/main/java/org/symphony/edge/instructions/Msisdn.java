package org.symphony.edge.instructions;

import java.util.regex.Pattern;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.ProblemCode;

/**
 * Creditor numbers: E.164 ("+", 8–15 digits, no leading 0) and, while only Zambian wallets are
 * routable, "+260" followed by the 9 digits of a Zambian national number.
 */
final class Msisdn {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{7,14}$");
  private static final String ZAMBIA = "+260";
  private static final Pattern ZAMBIAN = Pattern.compile("^\\+260[0-9]{9}$");

  private Msisdn() {}

  static Checked<String> check(String msisdn) {
    if (!E164.matcher(msisdn).matches())
      return Checked.refused(
          ProblemCode.MSISDN_INVALID, "creditor.msisdn must be E.164: '+' then 8 to 15 digits, e.g. +260961234567");
    if (!msisdn.startsWith(ZAMBIA))
      return Checked.refused(
          ProblemCode.MSISDN_UNSUPPORTED_COUNTRY, "only Zambian (+260) wallets are routable for now");
    if (!ZAMBIAN.matcher(msisdn).matches())
      return Checked.refused(ProblemCode.MSISDN_INVALID, "a Zambian number is +260 followed by 9 digits");
    return Checked.ok(msisdn);
  }
}
