package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The modprobe configuration as kmod reads it: {@code alias}, {@code options}, {@code blacklist},
 * {@code install}, {@code remove} and {@code softdep} lines from the {@code *.conf} (and, as kmod
 * 30 still does, {@code *.alias}) files of the {@code modprobe.d} directories, the module
 * directory's {@code modules.softdep}, and the kernel command line ({@code modprobe.blacklist=a,b},
 * {@code module.param=value}).
 *
 * <p>Files from all directories are read in the order of their names; a name found in an earlier
 * directory hides the same name in later ones. Names are canonicalised (dashes to underscores)
 * as kmod does; everything keeps kmod's order, since the first matching softdep or install line
 * wins and options are concatenated in order. Immutable.
 */
public final class ModprobeConfig {
  /**
   * The directories kmod 30 (Debian 12) reads when none are given, in precedence order. Newer kmod
   * adds {@code /usr/lib/modprobe.d}; on merged-/usr systems that is {@code /lib/modprobe.d}.
   */
  public static final List<Path> DEFAULT_DIRECTORIES = List.of(
      Path.of("/etc/modprobe.d"), Path.of("/run/modprobe.d"), Path.of("/usr/local/lib/modprobe.d"),
      Path.of("/lib/modprobe.d"));

  /** {@code alias PATTERN MODULE}. */
  public record Alias(String pattern, String module) {}

  /** {@code options MODULE OPTIONS}. */
  public record Options(String module, String options) {}

  /** {@code install MODULE COMMAND} or {@code remove MODULE COMMAND}; the module is a pattern. */
  public record Command(String module, String command) {}

  /** {@code softdep MODULE pre: A B post: C}; the module is a pattern, the names are as written. */
  public record Softdep(String module, List<String> pre, List<String> post) {}

  /** What kind of problem a {@link Problem} is. */
  public enum ProblemKind {
    /** A line kmod does not understand; it is ignored. */
    BAD_LINE,
    /** An {@code include} or {@code config} line, which kmod no longer reads. */
    DEPRECATED_COMMAND,
    /** A directory inside a configuration directory. */
    NESTED_DIRECTORY
  }

  /** A configuration line or file that was ignored, and why. */
  public record Problem(ProblemKind kind, Path file, int line, String word) {
    /** The problem in kmod's words. */
    public String message() {
      return switch (kind) {
        case BAD_LINE -> file + " line " + line + ": ignoring bad line starting with '" + word + "'";
        case DEPRECATED_COMMAND -> file + ": command " + word + " is deprecated and not parsed anymore";
        case NESTED_DIRECTORY -> "Directories inside directories are not supported: " + file;
      };
    }
  }

  private final List<Alias> aliases;
  private final List<String> blacklist;
  private final List<Options> options;
  private final List<Command> installCommands;
  private final List<Command> removeCommands;
  private final List<Softdep> softdeps;
  private final List<Problem> problems;

  private ModprobeConfig(Builder b) {
    aliases = List.copyOf(b.aliases);
    blacklist = List.copyOf(b.blacklist);
    options = List.copyOf(b.options);
    installCommands = List.copyOf(b.install);
    removeCommands = List.copyOf(b.remove);
    softdeps = List.copyOf(b.softdeps);
    problems = List.copyOf(b.problems);
  }

  /** An empty configuration. */
  public static ModprobeConfig empty() {
    return new Builder().build();
  }

  /**
   * Reads the configuration kmod would read.
   *
   * @param paths configuration directories or single files, in precedence order (kmod's
   *     {@code -C}); missing ones are skipped
   * @param moduleDirectory the module directory whose {@code modules.softdep} is read, or null
   * @param kernelCommandLine the kernel command line ({@code /proc/cmdline}), or null for none
   * @throws KmodException when a file exists but cannot be read
   */
  public static ModprobeConfig load(List<Path> paths, Path moduleDirectory, String kernelCommandLine) {
    Builder b = new Builder();
    List<ConfFile> files = new ArrayList<>();
    if (moduleDirectory != null) {
      insertSorted(files, new ConfFile("modules.softdep", moduleDirectory.resolve("modules.softdep")));
    }
    for (Path p : paths) {
      listFiles(p, files, b);
    }
    for (ConfFile f : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(f.path);
      } catch (java.nio.file.NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw new KmodException("cannot read modprobe configuration " + f.path + ": " + e.getMessage(), e);
      }
      parse(f.path, new String(bytes, StandardCharsets.ISO_8859_1), b);
    }
    if (kernelCommandLine != null) {
      KernelCommandLine.parseModuleOptions(kernelCommandLine, b);
    }
    return b.build();
  }

  /** Parses one file's text as kmod does; for tests and in-memory configuration. */
  public static ModprobeConfig parse(Path name, String text) {
    Builder b = new Builder();
    parse(name, text, b);
    return b.build();
  }

  private record ConfFile(String name, Path path) {}

  private static void listFiles(Path p, List<ConfFile> files, Builder b) {
    if (Files.isRegularFile(p)) {
      Path fn = p.getFileName();
      insertSorted(files, new ConfFile(fn == null ? p.toString() : fn.toString(), p));
      return;
    }
    if (!Files.isDirectory(p)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
      for (Path e : ds) {
        String fn = e.getFileName().toString();
        if (fn.startsWith(".") || !(fn.length() >= 6 && (fn.endsWith(".conf") || fn.endsWith(".alias")))) {
          continue;
        }
        if (Files.isDirectory(e)) {
          b.problems.add(new Problem(ProblemKind.NESTED_DIRECTORY, e, 0, fn));
          continue;
        }
        insertSorted(files, new ConfFile(fn, e));
      }
    } catch (IOException e) {
      throw new KmodException("cannot list modprobe configuration directory " + p + ": " + e.getMessage(), e);
    }
  }

  /** Inserts by name (byte order); a name already present (from an earlier path) hides this one. */
  private static void insertSorted(List<ConfFile> files, ConfFile f) {
    int i = 0;
    while (i < files.size()) {
      int c = compareBytes(f.name, files.get(i).name);
      if (c == 0) {
        return;
      }
      if (c < 0) {
        break;
      }
      i++;
    }
    files.add(i, f);
  }

  private static int compareBytes(String a, String b) {
    return a.compareTo(b); // ISO-8859-1 / ASCII names: char order is byte order
  }

  /** kmod's getline_wrapped: a backslash joins the next line, or quotes the next character. */
  private static void parse(Path file, String text, Builder b) {
    int linenum = 0;
    int i = 0;
    int n = text.length();
    StringBuilder line = new StringBuilder(128);
    while (i < n) {
      line.setLength(0);
      int consumed = 0;
      boolean ended = false;
      while (i < n) {
        char c = text.charAt(i++);
        if (c == '\n') {
          consumed++;
          ended = true;
          break;
        }
        if (c == '\\' && i < n) {
          char next = text.charAt(i++);
          if (next == '\n') {
            consumed++;
            continue;
          }
          line.append(next);
          continue;
        }
        line.append(c);
      }
      if (!ended) {
        consumed++;
      }
      linenum += consumed;
      parseLine(file, linenum, line.toString(), b);
    }
  }

  private static void parseLine(Path file, int linenum, String line, Builder b) {
    if (line.isEmpty() || line.charAt(0) == '#') {
      return;
    }
    Tokenizer t = new Tokenizer(line);
    String cmd = t.next();
    if (cmd == null) {
      return;
    }
    switch (cmd) {
      case "alias" -> {
        String alias = t.next();
        String module = t.next();
        if (alias == null || module == null) {
          b.problems.add(new Problem(ProblemKind.BAD_LINE, file, linenum, cmd));
          return;
        }
        b.aliases.add(new Alias(ModuleNames.underscores(alias), ModuleNames.underscores(module)));
      }
      case "blacklist" -> {
        String module = t.next();
        if (module == null) {
          b.problems.add(new Problem(ProblemKind.BAD_LINE, file, linenum, cmd));
          return;
        }
        b.blacklist.add(ModuleNames.underscores(module));
      }
      case "options", "install", "remove", "softdep" -> {
        String module = t.next();
        String rest = t.rest();
        if (module == null || rest == null) {
          b.problems.add(new Problem(ProblemKind.BAD_LINE, file, linenum, cmd));
          return;
        }
        String m = ModuleNames.underscores(module);
        switch (cmd) {
          case "options" -> b.options.add(new Options(m, rest.replace('\t', ' ')));
          case "install" -> b.install.add(new Command(m, rest));
          case "remove" -> b.remove.add(new Command(m, rest));
          default -> b.softdeps.add(softdep(m, rest));
        }
      }
      case "include", "config" -> b.problems.add(new Problem(ProblemKind.DEPRECATED_COMMAND, file, linenum, cmd));
      default -> b.problems.add(new Problem(ProblemKind.BAD_LINE, file, linenum, cmd));
    }
  }

  private static Softdep softdep(String module, String spec) {
    List<String> pre = new ArrayList<>();
    List<String> post = new ArrayList<>();
    List<String> mode = null;
    int i = 0;
    int n = spec.length();
    while (i < n) {
      while (i < n && isSpace(spec.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(spec.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      String tok = spec.substring(start, i);
      if (tok.equals("pre:")) {
        mode = pre;
      } else if (tok.equals("post:")) {
        mode = post;
      } else if (mode != null) {
        mode.add(tok);
      }
    }
    return new Softdep(module, List.copyOf(pre), List.copyOf(post));
  }

  static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** strtok_r over " \t", and the "rest of the line" kmod takes with an empty delimiter set. */
  private static final class Tokenizer {
    private final String s;
    private int pos;

    Tokenizer(String s) {
      this.s = s;
    }

    String next() {
      int n = s.length();
      while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
      if (pos >= n) {
        return null;
      }
      int start = pos;
      while (pos < n && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
        pos++;
      }
      String tok = s.substring(start, pos);
      if (pos < n) {
        pos++; // strtok_r consumes the one delimiter that ended the token
      }
      return tok;
    }

    String rest() {
      if (pos >= s.length()) {
        return null;
      }
      String r = s.substring(pos);
      pos = s.length();
      return r;
    }
  }

  /** Collects configuration in kmod's order. */
  static final class Builder {
    final List<Alias> aliases = new ArrayList<>();
    final List<String> blacklist = new ArrayList<>();
    final List<Options> options = new ArrayList<>();
    final List<Command> install = new ArrayList<>();
    final List<Command> remove = new ArrayList<>();
    final List<Softdep> softdeps = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    ModprobeConfig build() {
      return new ModprobeConfig(this);
    }
  }

  /** Aliases in file order. */
  public List<Alias> aliases() {
    return aliases;
  }

  /** Blacklisted module names in file order (kernel command line last). */
  public List<String> blacklist() {
    return blacklist;
  }

  /** Options lines in file order (kernel command line last). */
  public List<Options> options() {
    return options;
  }

  /** Install commands in file order. */
  public List<Command> installCommands() {
    return installCommands;
  }

  /** Remove commands in file order. */
  public List<Command> removeCommands() {
    return removeCommands;
  }

  /** Softdeps in file order. */
  public List<Softdep> softdeps() {
    return softdeps;
  }

  /** Lines and files that were ignored. */
  public List<Problem> problems() {
    return problems;
  }

  /** True when {@code module} (a canonical name) is blacklisted. */
  public boolean isBlacklisted(String module) {
    return blacklist.contains(module);
  }

  /**
   * The configuration as {@code modprobe -c} prints it, up to (not including) the index dump:
   * blacklist, install, remove, alias, options and softdep lines, in that order.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (String s : blacklist) {
      sb.append("blacklist ").append(s).append('\n');
    }
    for (Command c : installCommands) {
      sb.append("install ").append(c.module).append(' ').append(c.command).append('\n');
    }
    for (Command c : removeCommands) {
      sb.append("remove ").append(c.module).append(' ').append(c.command).append('\n');
    }
    for (Alias a : aliases) {
      sb.append("alias ").append(a.pattern).append(' ').append(a.module).append('\n');
    }
    for (Options o : options) {
      sb.append("options ").append(o.module).append(' ').append(o.options).append('\n');
    }
    for (Softdep d : softdeps) {
      // kmod joins "pre: ..." and "post: ..." without a space between them.
      sb.append("softdep ").append(d.module).append(' ');
      if (!d.pre.isEmpty()) {
        sb.append("pre: ").append(String.join(" ", d.pre));
      }
      if (!d.post.isEmpty()) {
        sb.append("post: ").append(String.join(" ", d.post));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
