package org.symphony.audit.readmodel;

/** The sum of an account's ledger lines in one currency: debit positive, credit negative. */
public record LedgerBalance(String account, String currency, long balanceMinor, long lines) {}
