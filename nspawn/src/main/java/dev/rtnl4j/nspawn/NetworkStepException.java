package dev.rtnl4j.nspawn;

/** A network step that failed: which one (in iproute2 words) and why (the kernel's error). */
final class NetworkStepException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient NetStep step;

  NetworkStepException(NetStep step, Throwable cause) {
    super(step.describe() + ": " + cause.getMessage(), cause);
    this.step = step;
  }

  NetStep step() {
    return step;
  }
}
