package dev.rtnl4j.nspawn;

import java.time.Duration;

/**
 * Reads systemd time spans (systemd.time(7)) such as {@code 15s}, {@code 1min}, {@code 1min 30s},
 * {@code 500ms}, a bare number of seconds, or {@code infinity}: what containers.nix's
 * {@code timeoutStartSec} holds.
 */
final class SystemdTime {
  private SystemdTime() {}

  /** Long enough to stand for "infinity". */
  static final Duration INFINITY = Duration.ofDays(365L * 100);

  /**
   * Parses a span; throws IllegalArgumentException naming the bad part.
   */
  static Duration parse(String text) {
    String t = text.strip();
    if (t.equals("infinity")) {
      return INFINITY;
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty time span");
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < t.length()) {
      while (i < t.length() && t.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("not a time span (expected a number at \"" + t.substring(start) + "\")");
      }
      String number = t.substring(start, i);
      while (i < t.length() && t.charAt(i) == ' ') {
        i++;
      }
      int unitStart = i;
      while (i < t.length() && Character.isLetter(t.charAt(i))) {
        i++;
      }
      String unit = t.substring(unitStart, i);
      long nanosPerUnit = switch (unit) {
        case "", "s", "sec", "second", "seconds" -> 1_000_000_000L;
        case "ms", "msec" -> 1_000_000L;
        case "us", "usec" -> 1_000L;
        case "ns", "nsec" -> 1L;
        case "m", "min", "minute", "minutes" -> 60_000_000_000L;
        case "h", "hr", "hour", "hours" -> 3_600_000_000_000L;
        case "d", "day", "days" -> 86_400_000_000_000L;
        case "w", "week", "weeks" -> 7 * 86_400_000_000_000L;
        default -> throw new IllegalArgumentException("not a time span (unknown unit \"" + unit + "\")");
      };
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a time span (bad number \"" + number + "\")");
      }
      total = total.plusNanos((long) (value * nanosPerUnit));
    }
    return total;
  }
}
