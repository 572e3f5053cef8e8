package dev.rtnl4j.cli;

/**
 * A failure whose message already says what went wrong and what to do; {@code Main} prints it on
 * one line and exits with status 1.
 */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
