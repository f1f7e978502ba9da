package org.symphony.audit.attest;

import java.util.concurrent.CompletionStage;

/**
 * Attests one request before anything executes (promise 1). The stage completes only after the row is committed;
 * it fails with {@link AttestationUnavailable} (or its subclass {@link ClockWentBackwards}) when it could not be
 * committed in time, and then nothing may be forwarded. Never blocks the calling thread.
 */
public interface Attestor {
  CompletionStage<Attested> attest(IngressRecord record);
}
