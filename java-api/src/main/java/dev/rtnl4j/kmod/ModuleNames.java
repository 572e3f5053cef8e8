package dev.rtnl4j.kmod;

/**
 * Module name rules shared with kmod: dashes and underscores are the same in module names
 * ({@code snd-pcsp} is {@code snd_pcsp}), a file name gives its module name up to the first dot,
 * and in aliases the dashes inside a bracket expression ({@code [a-z]}) are kept.
 */
public final class ModuleNames {
  private ModuleNames() {}

  /**
   * The canonical module name: dashes become underscores, and the name ends at the first dot (as
   * kmod's {@code modname_normalize}).
   */
  public static String normalize(String name) {
    int end = name.indexOf('.');
    String s = end < 0 ? name : name.substring(0, end);
    return s.indexOf('-') < 0 ? s : s.replace('-', '_');
  }

  /** The module name of a module file path ({@code kernel/net/802/stp.ko} gives {@code stp}). */
  public static String fromPath(String path) {
    int slash = path.lastIndexOf('/');
    return normalize(slash < 0 ? path : path.substring(slash + 1));
  }

  /**
   * The canonical form of an alias as kmod looks it up: dashes become underscores except inside
   * {@code [...]}.
   *
   * @throws IllegalArgumentException when a bracket is unmatched (kmod calls such an alias invalid)
   */
  public static String normalizeAlias(String alias) {
    StringBuilder b = null;
    for (int i = 0; i < alias.length(); i++) {
      char c = alias.charAt(i);
      switch (c) {
        case '-' -> {
          if (b == null) {
            b = new StringBuilder(alias.length()).append(alias, 0, i);
          }
          b.append('_');
        }
        case ']' -> throw new IllegalArgumentException("invalid alias '" + alias + "': unmatched ']' at " + i);
        case '[' -> {
          int close = alias.indexOf(']', i);
          if (close < 0) {
            throw new IllegalArgumentException("invalid alias '" + alias + "': unmatched '[' at " + i);
          }
          if (b != null) {
            b.append(alias, i, close + 1);
          }
          i = close;
        }
        default -> {
          if (b != null) {
            b.append(c);
          }
        }
      }
    }
    return b == null ? alias : b.toString();
  }

  /**
   * Dashes to underscores outside brackets, as kmod's configuration parser does with the names in
   * {@code modprobe.d} lines; unmatched brackets are left as they are.
   */
  static String underscores(String s) {
    if (s.indexOf('-') < 0) {
      return s;
    }
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] == '-') {
        c[i] = '_';
      } else if (c[i] == '[') {
        int close = s.indexOf(']', i);
        if (close < 0) {
          break;
        }
        i = close;
      }
    }
    return new String(c);
  }
}
