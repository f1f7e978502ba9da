package org.symphony.audit.attest;

import java.util.UUID;

/** A committed attestation: its id and its place in the node's chain. */
public record Attested(UUID attestationId, String nodeId, long nodeSeq, String hash) {}
