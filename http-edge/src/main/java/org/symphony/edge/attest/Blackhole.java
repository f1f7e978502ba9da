package org.symphony.edge.attest;

/**
 * Test-only fault: swallow a request after its attestation and before the engine, as a crash at that
 * point would, so that the gap query can be shown to find it. Production wiring uses {@link #NONE}.
 */
@FunctionalInterface
public interface Blackhole {

  Blackhole NONE = requestId -> false;

  boolean swallows(String requestId);
}
