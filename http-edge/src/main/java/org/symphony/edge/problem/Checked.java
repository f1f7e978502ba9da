package org.symphony.edge.problem;

/** The result of checking one part of a request: the value, or the problem to answer with. */
public sealed interface Checked<T> {

  record Ok<T>(T value) implements Checked<T> {}

  record Refused<T>(Problem problem) implements Checked<T> {}

  static <T> Checked<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Checked<T> refused(Problem problem) {
    return new Refused<>(problem);
  }

  static <T> Checked<T> refused(ProblemCode code, String detail) {
    return new Refused<>(Problem.of(code, detail));
  }
}
