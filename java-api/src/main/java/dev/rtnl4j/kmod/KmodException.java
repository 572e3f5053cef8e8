package dev.rtnl4j.kmod;

/**
 * A kernel-module operation failed: an index could not be read, a module could not be found or
 * loaded, a configuration file could not be read.
 *
 * <p>The message says what was being done and on which file or module.
 */
public class KmodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public KmodException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public KmodException(String message, Throwable cause) {
    super(message, cause);
  }
}
