package org.symphony.audit.intervention;

import java.time.Instant;
import java.util.UUID;

/** One operator's proposed ending of an intervention; waits for a second operator's decision. */
public record Proposal(
    UUID proposalId, String resolution, String reason, String evidence, String proposedBy, Instant proposedAt) {}
