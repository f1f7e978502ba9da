package org.symphony.edge.instructions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.engine.rail.Creditor;

/**
 * Bank-account creditors for the RTGS: a BIC (ISO 9362, 8 or 11 characters), an account number and the
 * account holder's name, which an interbank credit transfer must carry as beneficiary information (FATF R.16).
 */
final class BankAccounts {

  private static final Pattern BIC = Pattern.compile("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$");
  private static final Pattern ACCOUNT = Pattern.compile("^[A-Za-z0-9]{1,34}$");

  private BankAccounts() {}

  static Checked<Creditor> check(JsonNode bic, JsonNode account, JsonNode name) {
    if (bic == null || bic.isNull()) return refused(ProblemCode.FIELD_MISSING, "/creditor/bic", "creditor.bic is required with an account");
    if (account == null || account.isNull())
      return refused(ProblemCode.FIELD_MISSING, "/creditor/account", "creditor.account is required with a bic");
    if (!bic.isTextual() || !BIC.matcher(bic.textValue()).matches())
      return refused(ProblemCode.BIC_INVALID, "/creditor/bic", "creditor.bic must be a BIC of 8 or 11 characters, e.g. ZNCOZMLU");
    if (!account.isTextual() || !ACCOUNT.matcher(account.textValue()).matches())
      return refused(ProblemCode.ACCOUNT_INVALID, "/creditor/account", "creditor.account must be 1 to 34 letters or digits");
    if (name == null || name.isNull())
      return refused(ProblemCode.FIELD_MISSING, "/creditor/name", "creditor.name, the account holder's name, is required with a bank account");
    if (!name.isTextual() || !Creditor.BankAccount.isName(name.textValue()))
      return refused(
          ProblemCode.CREDITOR_NAME_INVALID,
          "/creditor/name",
          "creditor.name must be the account holder's name: 1 to " + Creditor.BankAccount.MAX_NAME_CHARS
              + " characters, not blank, no control characters");
    return Checked.ok(new Creditor.BankAccount(bic.textValue(), account.textValue(), name.textValue().strip()));
  }

  private static Checked<Creditor> refused(ProblemCode code, String pointer, String detail) {
    return Checked.refused(Problem.of(code, detail).with("pointer", pointer));
  }
}
