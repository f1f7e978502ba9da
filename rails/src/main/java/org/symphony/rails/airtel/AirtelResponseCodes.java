package org.symphony.rails.airtel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Airtel Money disbursement response codes ({@code status.response_code}) and what each one means for a
 * transfer. Airtel often answers with HTTP 200 and {@code success:false}, so the outcome is read from
 * this code, never from the HTTP status alone.
 *
 * <p>These mirror Airtel's published DP009 (disbursement) codes as the Symphony sandbox and its simulator
 * use them. Public Airtel integrations list some of these numbers with other meanings (for example 1010
 * "payer not allowed", 1014 "timed out", 1015 "transaction not found", 1017 "duplicate id"): check the
 * table against the target country's Airtel developer portal before pointing the adapter at the real API.
 * Read with those meanings, this table still yields no false final outcome: the mismatches land on
 * Unknown, which is resolved by an enquiry.
 */
public final class AirtelResponseCodes {

  /** Accepted, outcome not known yet: ask again (enquiry). */
  public static final String AMBIGUOUS = "DP00900001000";
  /** Accepted, or (with transaction status TS) executed. */
  public static final String SUCCESS = "DP00900001001";
  /** Final: the payee wallet does not exist. */
  public static final String PAYEE_NOT_FOUND = "DP00900001003";
  /** Accepted and being processed. */
  public static final String IN_PROGRESS = "DP00900001006";
  /** Final: the disbursement account cannot cover the amount. */
  public static final String INSUFFICIENT_FUNDS = "DP00900001007";
  /** Final: a transaction or daily limit would be exceeded. */
  public static final String LIMIT_EXCEEDED = "DP00900001009";
  /** Enquiry only (with HTTP 404): no transaction has this id, so none was executed. */
  public static final String TRANSACTION_NOT_FOUND = "DP00900001010";
  /** Airtel gave up waiting for its own back end: the transfer may or may not have happened. */
  public static final String TIMED_OUT = "DP00900001012";
  /** The transaction id was used before: the earlier transaction's outcome is what counts. */
  public static final String DUPLICATE_TRANSACTION_ID = "DP00900001015";

  /** What a code tells the adapter to do. */
  public enum Meaning {
    SUCCESS,
    IN_PROGRESS,
    AMBIGUOUS,
    TIMED_OUT,
    DUPLICATE_TRANSACTION_ID,
    PERMANENT_FAILURE,
    TRANSACTION_NOT_FOUND,
    /** Not in this table: never read as final. */
    UNRECOGNISED
  }

  private record Entry(Meaning meaning, String description) {}

  private static final Map<String, Entry> TABLE = table();

  private AirtelResponseCodes() {}

  private static Map<String, Entry> table() {
    Map<String, Entry> t = new LinkedHashMap<>();
    t.put(AMBIGUOUS, new Entry(Meaning.AMBIGUOUS, "Transaction is in an ambiguous state; do a transaction enquiry"));
    t.put(SUCCESS, new Entry(Meaning.SUCCESS, "Transaction is successful"));
    t.put(PAYEE_NOT_FOUND, new Entry(Meaning.PERMANENT_FAILURE, "Payee not found"));
    t.put(IN_PROGRESS, new Entry(Meaning.IN_PROGRESS, "Transaction is in process"));
    t.put(INSUFFICIENT_FUNDS, new Entry(Meaning.PERMANENT_FAILURE, "Not enough funds to complete the transaction"));
    t.put(LIMIT_EXCEEDED, new Entry(Meaning.PERMANENT_FAILURE, "Transaction limit exceeded"));
    t.put(TRANSACTION_NOT_FOUND, new Entry(Meaning.TRANSACTION_NOT_FOUND, "Transaction not found"));
    t.put(TIMED_OUT, new Entry(Meaning.TIMED_OUT, "Transaction timed out; do a transaction enquiry"));
    t.put(DUPLICATE_TRANSACTION_ID, new Entry(Meaning.DUPLICATE_TRANSACTION_ID,
        "Duplicate transaction id; do a transaction enquiry for the original"));
    return Map.copyOf(t);
  }

  public static Meaning meaningOf(String responseCode) {
    Entry entry = responseCode == null ? null : TABLE.get(responseCode);
    return entry == null ? Meaning.UNRECOGNISED : entry.meaning();
  }

  /** A short English description, or "" for a code outside the table. */
  public static String describe(String responseCode) {
    Entry entry = responseCode == null ? null : TABLE.get(responseCode);
    return entry == null ? "" : entry.description();
  }

  /** Every code in the table. */
  public static Set<String> codes() {
    return TABLE.keySet();
  }
}
