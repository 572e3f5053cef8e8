package dev.rtnl4j.it.vm;

/**
 * The outcome of one test (or of a test class, when its set-up failed) run inside the VM.
 *
 * @param phase the guest phase (1-based) that ran it
 * @param testId "class#method", "class#method [display name]" for a parameterised or dynamic
 *     test, or "class" for a class-level result
 * @param status passed, failed or skipped
 * @param millis how long it ran in the guest
 * @param message for a failure the exception and its stack trace; for a skip the reason; else ""
 */
public record GuestResult(int phase, String testId, Status status, long millis, String message) {
  /** What happened to a guest test. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }
}
