package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The modules systemd-modules-load loads at boot: those named by {@code modules_load=} on the
 * kernel command line, then the lines of the {@code *.conf} files of the {@code modules-load.d}
 * directories (NixOS writes {@code boot.kernelModules} to {@code /etc/modules-load.d/nixos.conf}).
 *
 * <p>Files are taken in the order of their names across all directories; a name in an earlier
 * directory hides the same name in later ones, and one that is a symlink to {@code /dev/null}
 * masks it. In a file, leading and trailing whitespace is dropped, and empty lines and lines
 * starting with {@code #} or {@code ;} are comments.
 */
public final class ModulesLoadConfig {
  /** systemd's search path for {@code modules-load.d}, in precedence order. */
  public static final List<Path> DEFAULT_DIRECTORIES = List.of(
      Path.of("/etc/modules-load.d"), Path.of("/run/modules-load.d"), Path.of("/usr/local/lib/modules-load.d"),
      Path.of("/usr/lib/modules-load.d"), Path.of("/lib/modules-load.d"));

  private ModulesLoadConfig() {}

  /**
   * The configuration files of {@code directories}, in the order they are read.
   *
   * @throws KmodException when a directory exists but cannot be listed
   */
  public static List<Path> files(List<Path> directories) {
    TreeMap<String, Path> byName = new TreeMap<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
        for (Path f : ds) {
          String name = f.getFileName().toString();
          if (!name.startsWith(".")) {
            byName.putIfAbsent(name, f);
          }
        }
      } catch (IOException e) {
        throw new KmodException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    List<Path> out = new ArrayList<>();
    for (Path f : byName.values()) {
      if (!masked(f) && !Files.isDirectory(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean masked(Path f) {
    try {
      return Files.isSymbolicLink(f) && Files.readSymbolicLink(f).equals(Path.of("/dev/null"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The module names in {@code file}.
   *
   * @throws KmodException when it cannot be read
   */
  public static List<String> modulesIn(Path file) {
    List<String> out = new ArrayList<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new KmodException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.charAt(0) == '#' || l.charAt(0) == ';') {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  /**
   * Every module to load, in order: {@code modules_load=} of {@code kernelCommandLine} (may be
   * null), then the files of {@code directories}.
   */
  public static List<String> modules(List<Path> directories, String kernelCommandLine) {
    List<String> out = new ArrayList<>(KernelCommandLine.modulesToLoad(kernelCommandLine, false));
    for (Path f : files(directories)) {
      out.addAll(modulesIn(f));
    }
    return out;
  }
}
