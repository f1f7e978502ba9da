package org.symphony.engine.rail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.symphony.engine.serialization.CborSerializable;

/** Who is paid. Mobile wallets today; bank accounts (RTGS) arrive with the RTGS rail. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Creditor.MobileWallet.class, name = "msisdn")})
public sealed interface Creditor extends CborSerializable {

  /** An E.164 mobile number, e.g. +260961234567. */
  record MobileWallet(String msisdn) implements Creditor {
    public MobileWallet {
      if (msisdn == null || !msisdn.matches("^\\+[1-9][0-9]{7,14}$"))
        throw new IllegalArgumentException("not an E.164 MSISDN");
    }
  }
}
