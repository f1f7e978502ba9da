package org.symphony.rails.sim.mtn;

import java.util.Map;
import java.util.Optional;

/**
 * The X-Target-Environment values the simulator can impersonate, each with the one currency MTN accepts there. The
 * simulator's own copy, independent of the adapter's.
 *
 * <p>"sandbox" (https://sandbox.momodeveloper.mtn.com) settles in EUR only: any other currency is answered
 * {@code 500 {"message":"Currency not supported.","code":"INVALID_CURRENCY"}} (observed against the sandbox; see e.g.
 * https://github.com/sparkplug/momoapi-node/issues/76, "For sandbox API use EUR as your currency"). Production
 * environments are named "mtn" + the market ("mtnzambia", "mtnuganda", "mtnghana", …, as listed by MTN's API user
 * provisioning and the SDKs that follow it); the Zambian one takes ZMW.
 */
final class MtnEnvironments {

  static final String SANDBOX = "sandbox";
  static final String ZAMBIA = "mtnzambia";

  private static final Map<String, String> CURRENCY = Map.of(SANDBOX, "EUR", ZAMBIA, "ZMW");

  private MtnEnvironments() {}

  /** The currency an environment accepts; empty for an environment the simulator does not impersonate. */
  static Optional<String> currencyOf(String environment) {
    return Optional.ofNullable(CURRENCY.get(environment));
  }

  static boolean known(String environment) {
    return CURRENCY.containsKey(environment);
  }
}
