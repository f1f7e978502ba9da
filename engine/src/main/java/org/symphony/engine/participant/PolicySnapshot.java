package org.symphony.engine.participant;

import org.symphony.engine.serialization.CborSerializable;

/**
 * A participant's policy at one version: what the kill-switch and limits said. Operator events carry
 * the snapshot before and after, so the audit trail reads without replaying anything.
 */
public record PolicySnapshot(Standing standing, LimitProfile limits, long policyVersion) implements CborSerializable {}
