package org.symphony.rails.sim.mtn;

import java.util.Optional;

/**
 * A request the simulated API refuses as MTN does: a 400 without an ErrorReason code (MTN's "REQUEST REJECTED / BAD
 * REQUEST" names none; the simulator sends no body), or an ErrorReason answer ({@link MtnErrorAnswers}).
 */
final class SimRejection extends RuntimeException {

  private final transient Optional<MtnErrorAnswers.Answer> answer;

  private SimRejection(String why, Optional<MtnErrorAnswers.Answer> answer) {
    super(why, null, false, false); // control flow for a client error: no stack trace needed
    this.answer = answer;
  }

  /** 400, no body; {@code why} is for the simulator's log only. */
  static SimRejection badRequest(String why) {
    return new SimRejection(why, Optional.empty());
  }

  static SimRejection error(String code) {
    return new SimRejection(code, Optional.of(MtnErrorAnswers.get(code)));
  }

  /** Empty: a plain 400. */
  Optional<MtnErrorAnswers.Answer> answer() {
    return answer;
  }
}
