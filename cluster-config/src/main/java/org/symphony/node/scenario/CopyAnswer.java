package org.symphony.node.scenario;

/**
 * The final answer to one copy of a submission, after its retries.
 *
 * @param status the HTTP status, 0 when no try was answered
 * @param code the problem's code for a refusal, "" otherwise
 * @param replayed whether the edge answered with a recorded outcome (Idempotent-Replayed)
 * @param instructionId the id the answer names, "" when it names none
 */
public record CopyAnswer(int status, String code, boolean replayed, String instructionId, int tries) {

  public boolean accepted() {
    return status == 202 || status == 200;
  }
}
