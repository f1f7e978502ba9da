package org.symphony.edge.attest;

/** A committed attestation: its id travels with the instruction (INV-ATTEST). */
public record Attestation(String attestationId, long nodeSeq) {}
