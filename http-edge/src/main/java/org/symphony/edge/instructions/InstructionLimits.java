package org.symphony.edge.instructions;

import java.time.Duration;
import java.util.Objects;

/** The bounds the instruction routes work within (see {@code symphony.edge} in reference.conf). */
public record InstructionLimits(
    long maxBodyBytes, Duration bodyReadTimeout, Duration engineTimeout, Duration retryAfter) {

  public InstructionLimits {
    Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
    Objects.requireNonNull(engineTimeout, "engineTimeout");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (maxBodyBytes < 256 || maxBodyBytes > 1024 * 1024)
      throw new IllegalArgumentException("maxBodyBytes must be in [256, 1 MiB]: " + maxBodyBytes);
  }
}
