package dev.rtnl4j.nspawn;

/**
 * A container start that failed. Everything the start had done is undone by the time this is
 * thrown (no link, namespace, process or file descriptor is left). Says which {@link Phase} failed
 * and why, and carries the tail of systemd-nspawn's output when nspawn had been started.
 */
public final class StartException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String container;
  private final Phase phase;
  private final String nspawnOutput;

  /** A failure of {@code container} in {@code phase}; nspawnOutput may be null or empty. */
  public StartException(String container, Phase phase, String reason, String nspawnOutput, Throwable cause) {
    super(message(container, phase, reason, nspawnOutput), cause);
    this.container = container;
    this.phase = phase;
    this.nspawnOutput = nspawnOutput == null ? "" : nspawnOutput;
  }

  private static String message(String container, Phase phase, String reason, String out) {
    String m = "container \"" + container + "\": start failed in phase " + phase + ": " + reason;
    if (out != null && !out.isBlank()) {
      m += "\nsystemd-nspawn said:\n" + out.strip();
    }
    return m;
  }

  /** The container's name. */
  public String container() {
    return container;
  }

  /** The phase that failed. */
  public Phase phase() {
    return phase;
  }

  /** The last lines systemd-nspawn wrote (stdout and stderr), or "". */
  public String nspawnOutput() {
    return nspawnOutput;
  }
}
