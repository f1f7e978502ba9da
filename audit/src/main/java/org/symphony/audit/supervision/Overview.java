package org.symphony.audit.supervision;

import java.time.Instant;
import java.util.List;

/** What the regulator dashboard shows. */
public record Overview(Instant generatedAt, ChainStatus chain, List<ParticipantHealth> participants) {}
