package org.symphony.engine.rail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.symphony.engine.serialization.CborSerializable;

/** Who is paid: a mobile wallet (MTN MoMo, Airtel Money) or a bank account (interbank RTGS). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Creditor.MobileWallet.class, name = "msisdn"),
  @JsonSubTypes.Type(value = Creditor.BankAccount.class, name = "bank-account")
})
public sealed interface Creditor extends CborSerializable {

  /** An E.164 mobile number, e.g. +260961234567. */
  record MobileWallet(String msisdn) implements Creditor {
    public MobileWallet {
      if (msisdn == null || !msisdn.matches("^\\+[1-9][0-9]{7,14}$"))
        throw new IllegalArgumentException("not an E.164 MSISDN");
    }
  }

  /**
   * An account at a bank identified by its BIC (ISO 9362: 8 or 11 characters), paid over the RTGS, and the
   * name of the account holder: the beneficiary information an interbank credit transfer must carry (FATF
   * Recommendation 16). The name is null only in events journaled before the API took it.
   */
  record BankAccount(String bic, String account, String name) implements Creditor {
    /** The longest name a pacs.008 can carry (Max140Text). */
    public static final int MAX_NAME_CHARS = 140;

    public BankAccount {
      if (bic == null || !bic.matches("^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$"))
        throw new IllegalArgumentException("not a BIC");
      if (account == null || !account.matches("^[A-Za-z0-9]{1,34}$"))
        throw new IllegalArgumentException("not an account number");
      if (name != null && !isName(name)) throw new IllegalArgumentException("not an account holder's name");
    }

    /** 1 to 140 characters, not all blank, no control characters. */
    public static boolean isName(String name) {
      if (name == null || name.isBlank()) return false;
      if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) return false;
      return name.codePoints().noneMatch(Character::isISOControl);
    }
  }
}
