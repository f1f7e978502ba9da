package org.symphony.edge.instructions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.symphony.edge.http.Json;
import org.symphony.engine.instruction.InstructionView;
import org.symphony.engine.rail.Creditor;

/** The participant-facing JSON of an instruction; absent values are omitted, never null. */
final class InstructionJson {

  private InstructionJson() {}

  static ObjectNode of(InstructionView view) {
    ObjectNode json = Json.object();
    json.put("instructionId", view.instructionId());
    json.put("participantId", view.participantId());
    json.put("sequenceId", view.sequenceId());
    json.put("status", view.status().name());
    if (view.amount() != null) {
      ObjectNode amount = json.putObject("amount");
      amount.put("value", view.amount().toDecimalString());
      amount.put("currency", view.amount().currency().name());
    }
    if (view.creditor() instanceof Creditor.MobileWallet wallet) json.putObject("creditor").put("msisdn", wallet.msisdn());
    if (view.creditor() instanceof Creditor.BankAccount account) {
      ObjectNode creditor = json.putObject("creditor").put("bic", account.bic()).put("account", account.account());
      if (account.name() != null) creditor.put("name", account.name());
    }
    putIfPresent(json, "reference", view.reference());
    putIfPresent(json, "rail", view.railId());
    putIfPresent(json, "railReference", view.railReference());
    putIfPresent(json, "failureCode", view.failureCode());
    putIfPresent(json, "failureDetail", view.failureDetail());
    putIfPresent(json, "acceptedAt", view.acceptedAt());
    putIfPresent(json, "updatedAt", view.updatedAt());
    return json;
  }

  private static void putIfPresent(ObjectNode json, String name, String value) {
    if (value != null) json.put(name, value);
  }

  private static void putIfPresent(ObjectNode json, String name, Instant value) {
    if (value != null) json.put(name, value.toString());
  }
}
