package org.symphony.engine.instruction;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Every instruction event carries one slice tag, so the read-model projection can run as
 * {@link #SLICES} parallel streams, each seeing an instruction's events in order. Changing SLICES
 * re-tags new events only: it needs a read-model rebuild, never an in-place edit.
 */
public final class InstructionTags {

  public static final int SLICES = 4;
  private static final String PREFIX = "instruction-";

  private InstructionTags() {}

  public static String sliceOf(String instructionId) {
    return PREFIX + Math.floorMod(instructionId.hashCode(), SLICES);
  }

  public static List<String> all() {
    return IntStream.range(0, SLICES).mapToObj(i -> PREFIX + i).toList();
  }
}
