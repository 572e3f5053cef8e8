package dev.rtnl4j.kmod;

/**
 * Shell wildcard matching with the semantics of glibc's {@code fnmatch(pattern, string, 0)}, which
 * kmod uses for aliases, softdeps and install commands: {@code *} and {@code ?} match any
 * character (including {@code /} and a leading dot), {@code [...]} is a bracket expression with
 * ranges, negation by {@code !} or {@code ^} and the POSIX classes ({@code [:alpha:]} ...), and a
 * backslash quotes the next character.
 *
 * <p>Strings are treated as bytes (ISO-8859-1 chars), as in C.
 */
final class Fnmatch {
  private Fnmatch() {}

  /** True when {@code pattern} matches the whole of {@code s}. */
  static boolean matches(String pattern, String s) {
    return match(pattern, 0, s, 0);
  }

  /** True when {@code p} contains a character that is special to fnmatch. */
  static boolean hasWildcard(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  private static boolean match(String p, int pi, String s, int si) {
    int starP = -1;
    int starS = -1;
    while (true) {
      if (pi < p.length()) {
        char c = p.charAt(pi);
        if (c == '*') {
          // Collapse runs of stars; remember where to resume on a mismatch.
          while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
          }
          if (pi == p.length()) {
            return true;
          }
          starP = pi;
          starS = si;
          continue;
        }
        if (si < s.length()) {
          int next = matchOne(p, pi, s.charAt(si));
          if (next >= 0) {
            pi = next;
            si++;
            continue;
          }
        }
      } else if (si == s.length()) {
        return true;
      }
      if (starP < 0 || starS >= s.length()) {
        return false;
      }
      starS++;
      si = starS;
      pi = starP;
    }
  }

  /** Matches one pattern element at {@code pi} against {@code c}: the index after it, or -1. */
  private static int matchOne(String p, int pi, char c) {
    char pc = p.charAt(pi);
    switch (pc) {
      case '?':
        return pi + 1;
      case '[': {
        int end = bracketEnd(p, pi);
        if (end < 0) {
          return c == '[' ? pi + 1 : -1; // an unterminated '[' is an ordinary character
        }
        return bracketMatches(p, pi + 1, end, c) ? end + 1 : -1;
      }
      case '\\':
        if (pi + 1 < p.length()) {
          return p.charAt(pi + 1) == c ? pi + 2 : -1;
        }
        return c == '\\' ? pi + 1 : -1;
      default:
        return pc == c ? pi + 1 : -1;
    }
  }

  /** The index of the ']' closing the bracket expression opened at {@code open}, or -1. */
  private static int bracketEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++; // a leading ']' is literal
    }
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) {
        i += 2;
        continue;
      }
      if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int close = p.indexOf(":]", i + 2);
        if (close >= 0) {
          i = close + 2;
          continue;
        }
      }
      if (c == ']') {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static boolean bracketMatches(String p, int from, int end, char c) {
    boolean negate = false;
    int i = from;
    if (i < end && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
      negate = true;
      i++;
    }
    boolean matched = false;
    boolean first = true;
    while (i < end) {
      char lo = p.charAt(i);
      if (lo == '[' && i + 1 < end && p.charAt(i + 1) == ':') {
        int close = p.indexOf(":]", i + 2);
        if (close >= 0 && close < end) {
          if (classMatches(p.substring(i + 2, close), c)) {
            matched = true;
          }
          i = close + 2;
          first = false;
          continue;
        }
      }
      if (lo == '\\' && i + 1 < end) {
        i++;
        lo = p.charAt(i);
      } else if (lo == ']' && !first) {
        break;
      }
      first = false;
      i++;
      if (i + 1 < end && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
        char hi = p.charAt(i + 1);
        i += 2;
        if (hi == '\\' && i < end) {
          hi = p.charAt(i);
          i++;
        }
        if (lo <= c && c <= hi) {
          matched = true;
        }
      } else if (lo == c) {
        matched = true;
      }
    }
    return matched != negate;
  }

  private static boolean classMatches(String cls, char c) {
    return switch (cls) {
      case "alpha" -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      case "digit" -> c >= '0' && c <= '9';
      case "alnum" -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      case "upper" -> c >= 'A' && c <= 'Z';
      case "lower" -> c >= 'a' && c <= 'z';
      case "space" -> c == ' ' || (c >= '\t' && c <= '\r');
      case "blank" -> c == ' ' || c == '\t';
      case "punct" -> c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
      case "print" -> c >= ' ' && c < 127;
      case "graph" -> c > ' ' && c < 127;
      case "cntrl" -> c < ' ' || c == 127;
      case "xdigit" -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      default -> false;
    };
  }
}
