package org.symphony.engine.policy;

import org.symphony.engine.participant.Standing;
import org.symphony.engine.serialization.CborSerializable;

/** A participant's policy version and standing as replicated to every node. A higher version always wins. */
public record PolicyStamp(long policyVersion, Standing standing) implements CborSerializable {}
