package org.symphony.edge.instructions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;
import org.symphony.edge.http.Json;
import org.symphony.edge.problem.Checked;
import org.symphony.edge.problem.Problem;
import org.symphony.edge.problem.ProblemCode;
import org.symphony.engine.money.AmountParser;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;

/**
 * A validated {@code POST /v1/instructions} body. Shape problems (missing fields, wrong types) are
 * reported before value problems, each with a JSON Pointer in {@code pointer}. Unknown members are
 * ignored; they still count in the body hash, so a retry must resend the same bytes.
 */
record InstructionRequest(Money amount, Creditor creditor, String reference) {

  static Checked<InstructionRequest> parse(byte[] body) {
    Optional<JsonNode> parsed = Json.parse(body);
    if (parsed.isEmpty())
      return Checked.refused(
          ProblemCode.MALFORMED_JSON, "the body must be one well-formed JSON object, without duplicate keys");
    JsonNode root = parsed.get();
    if (!root.isObject()) return Checked.refused(ProblemCode.MALFORMED_JSON, "the body must be a JSON object");

    JsonNode amount = root.get("amount");
    if (absent(amount)) return missing("/amount");
    if (!amount.isObject()) return wrongType("/amount", "an object with value and currency");
    JsonNode value = amount.get("value");
    if (absent(value)) return missing("/amount/value");
    JsonNode currencyCode = amount.get("currency");
    if (absent(currencyCode)) return missing("/amount/currency");
    JsonNode creditor = root.get("creditor");
    if (absent(creditor)) return missing("/creditor");
    if (!creditor.isObject()) return wrongType("/creditor", "an object with msisdn, or with bic, account and name");
    JsonNode msisdn = creditor.get("msisdn");
    boolean bankAccount = !absent(creditor.get("bic")) || !absent(creditor.get("account"));
    if (absent(msisdn) && !bankAccount) return missing("/creditor/msisdn");
    if (!absent(msisdn) && bankAccount)
      return wrongType("/creditor", "either a wallet (msisdn) or a bank account (bic and account), not both");

    Optional<Currency> currency = currencyCode.isTextual() ? Currency.parse(currencyCode.textValue()) : Optional.empty();
    if (currency.isEmpty())
      return refused(
          ProblemCode.CURRENCY_UNSUPPORTED,
          "/amount/currency",
          "amount.currency must be one of " + Arrays.toString(Currency.values()));
    if (!value.isTextual())
      return refused(
          ProblemCode.AMOUNT_INVALID,
          "/amount/value",
          value.isNumber()
              ? "amount.value must be a decimal string such as \"150.00\", not a JSON number (numbers lose precision)"
              : "amount.value must be a decimal string such as \"150.00\"");
    AmountParser.Result money = AmountParser.parse(value.textValue(), currency.get());
    if (money instanceof AmountParser.Invalid invalid)
      return refused(amountCode(invalid.code()), "/amount/value", invalid.detail());

    Creditor payee;
    if (bankAccount) {
      Checked<Creditor> account = BankAccounts.check(creditor.get("bic"), creditor.get("account"), creditor.get("name"));
      if (account instanceof Checked.Refused<Creditor> r) return Checked.refused(r.problem());
      payee = ((Checked.Ok<Creditor>) account).value();
    } else {
      if (!msisdn.isTextual()) return refused(ProblemCode.MSISDN_INVALID, "/creditor/msisdn", "creditor.msisdn must be a string");
      Checked<String> number = Msisdn.normalise(msisdn.textValue());
      if (number instanceof Checked.Refused<String> r) return withPointer(r.problem(), "/creditor/msisdn");
      payee = new Creditor.MobileWallet(((Checked.Ok<String>) number).value());
    }

    JsonNode reference = root.get("reference");
    String referenceText = null;
    if (!absent(reference)) {
      if (!reference.isTextual())
        return refused(ProblemCode.REFERENCE_INVALID, "/reference", "reference must be a string");
      Checked<String> checked = Reference.check(reference.textValue());
      if (checked instanceof Checked.Refused<String> r) return withPointer(r.problem(), "/reference");
      referenceText = reference.textValue();
    }
    return Checked.ok(
        new InstructionRequest(
            ((AmountParser.Parsed) money).money(), payee, referenceText));
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  /** AmountParser's codes are ours; an unknown future one degrades to AMOUNT_INVALID, not a 500. */
  private static ProblemCode amountCode(String code) {
    for (ProblemCode c : ProblemCode.values()) if (c.name().equals(code) && code.startsWith("AMOUNT_")) return c;
    return ProblemCode.AMOUNT_INVALID;
  }

  private static Checked<InstructionRequest> missing(String pointer) {
    return refused(ProblemCode.FIELD_MISSING, pointer, pointer.substring(1).replace('/', '.') + " is required");
  }

  private static Checked<InstructionRequest> wrongType(String pointer, String expected) {
    return refused(ProblemCode.FIELD_INVALID, pointer, pointer.substring(1).replace('/', '.') + " must be " + expected);
  }

  private static Checked<InstructionRequest> refused(ProblemCode code, String pointer, String detail) {
    return withPointer(Problem.of(code, detail), pointer);
  }

  private static Checked<InstructionRequest> withPointer(Problem problem, String pointer) {
    return Checked.refused(problem.with("pointer", pointer));
  }
}
