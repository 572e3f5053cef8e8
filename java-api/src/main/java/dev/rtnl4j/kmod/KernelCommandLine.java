package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel command line as module tools read it: kmod takes {@code modprobe.blacklist=a,b} and
 * {@code module.param=value} from it, systemd-modules-load takes {@code modules_load=a,b} (also
 * spelled {@code modules-load=}).
 */
public final class KernelCommandLine {
  /** Where the running kernel's command line is. */
  public static final Path PROC_CMDLINE = Path.of("/proc/cmdline");
  /** kmod reads at most this many bytes of the command line (KCMD_LINE_SIZE - 1). */
  private static final int KCMD_LINE_SIZE = 4096;

  private KernelCommandLine() {}

  /**
   * The command line in {@code file} (normally {@link #PROC_CMDLINE}), or null when there is no
   * such file.
   *
   * @throws KmodException when it exists but cannot be read
   */
  public static String read(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      int len = Math.min(b.length, KCMD_LINE_SIZE - 1);
      return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new KmodException("cannot read the kernel command line " + file + ": " + e.getMessage(), e);
    }
  }

  private enum State { IGNORE, MODNAME, PARAM, VALUE, COMPLETE }

  /**
   * Adds what kmod takes from the command line to {@code b}: {@code modprobe.blacklist=} entries
   * to the blacklist, every other {@code module.param[=value]} to the options of that module.
   * The same state machine as kmod's: a word with a second dot before its {@code =}, or with
   * {@code =} before any dot, is not a module option; a value may be quoted and contain spaces.
   */
  static void parseModuleOptions(String cmdline, ModprobeConfig.Builder b) {
    int n = cmdline.length();
    State state = State.MODNAME;
    boolean quoted = false;
    int modname = 0;
    int modnameEnd = -1;
    int param = -1;
    int value = -1;
    for (int p = 0; ; p++) {
      char c = p < n ? cmdline.charAt(p) : '\0';
      boolean last = false;
      switch (c) {
        case '"' -> {
          quoted = !quoted;
          if (quoted && state == State.MODNAME && p == modname) {
            modname = p + 1;
          } else if (state != State.VALUE) {
            state = State.IGNORE;
          }
        }
        case '\0', '\n', ' ' -> {
          if (c != ' ') {
            last = true;
          }
          if (quoted && state == State.VALUE) {
            // a space inside a quoted value
          } else if (quoted) {
            state = State.IGNORE;
          } else if (state == State.VALUE || state == State.PARAM) {
            state = State.COMPLETE;
          } else {
            modname = p + 1;
            state = State.MODNAME;
          }
        }
        case '.' -> {
          if (state == State.MODNAME) {
            modnameEnd = p;
            param = p + 1;
            state = State.PARAM;
          } else if (state == State.PARAM) {
            state = State.IGNORE;
          }
        }
        case '=' -> {
          if (state == State.PARAM) {
            value = p + 1;
            state = State.VALUE;
          } else if (state == State.MODNAME) {
            state = State.IGNORE;
          }
        }
        default -> { }
      }
      if (state == State.COMPLETE) {
        String mod = cmdline.substring(modname, modnameEnd);
        String par = cmdline.substring(param, p);
        if (mod.equals("modprobe") && par.startsWith("blacklist=")) {
          String v = cmdline.substring(value, p);
          for (String t : v.split(",", -1)) {
            b.blacklist.add(t);
          }
        } else {
          b.options.add(new ModprobeConfig.Options(ModuleNames.underscores(mod), par));
        }
        modname = p + 1;
        state = State.MODNAME;
      }
      if (last || p >= n) {
        break;
      }
    }
  }

  /**
   * The modules named by {@code modules_load=} / {@code modules-load=} on {@code cmdline}, in
   * order (systemd-modules-load; {@code rd.modules_load=} too when {@code inInitrd}). Values are
   * comma-separated; quotes around a word are removed.
   */
  public static List<String> modulesToLoad(String cmdline, boolean inInitrd) {
    List<String> out = new ArrayList<>();
    if (cmdline == null) {
      return out;
    }
    for (String word : words(cmdline)) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = word.substring(0, eq).replace('-', '_');
      if (key.startsWith("rd.")) {
        if (!inInitrd) {
          continue;
        }
        key = key.substring(3);
      }
      if (!key.equals("modules_load")) {
        continue;
      }
      for (String m : word.substring(eq + 1).split(",")) {
        if (!m.isEmpty()) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Splits at unquoted whitespace and removes the quotes, as systemd's command-line reader does. */
  static List<String> words(String cmdline) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < cmdline.length(); i++) {
      char c = cmdline.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (!quoted && ModprobeConfig.isSpace(c)) {
        if (any) {
          words.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(w.toString());
    }
    return words;
  }
}
