package org.symphony.audit.supervision;

import java.time.Instant;
import java.util.List;

/** What the regulator dashboard shows: the chain, each participant, and how each kind of incident is repaired. */
public record Overview(Instant generatedAt, ChainStatus chain, List<ParticipantHealth> participants, List<IncidentRepair> repair) {}
