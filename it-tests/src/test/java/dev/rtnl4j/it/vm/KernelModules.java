package dev.rtnl4j.it.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SequencedSet;

/**
 * A kernel's module dependencies, read from the text modules.dep (and modules.builtin) of a module
 * tree: which module files a set of modules needs, dependencies included.
 *
 * <p>Module names match with '-' and '_' treated alike, as modprobe does.
 */
final class KernelModules {
  private final Path tree;
  private final Map<String, String> pathByName = new HashMap<>();
  private final Map<String, List<String>> depsByPath = new HashMap<>();
  private final Set<String> builtin = new HashSet<>();

  private KernelModules(Path tree) {
    this.tree = tree;
  }

  /**
   * Reads {@code tree}/modules.dep and, when present, modules.builtin.
   *
   * @throws IOException when modules.dep cannot be read
   * @throws IllegalStateException when a line of modules.dep is malformed
   */
  static KernelModules read(Path tree) throws IOException {
    KernelModules m = new KernelModules(tree);
    int lineNo = 0;
    for (String line : Files.readAllLines(tree.resolve("modules.dep"))) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalStateException(tree.resolve("modules.dep") + " line " + lineNo + " has no 'path:': " + line);
      }
      String path = line.substring(0, colon).strip();
      String rest = line.substring(colon + 1).strip();
      m.pathByName.put(name(path), path);
      m.depsByPath.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
    }
    Path builtinFile = tree.resolve("modules.builtin");
    if (Files.isRegularFile(builtinFile)) {
      for (String line : Files.readAllLines(builtinFile)) {
        if (!line.isBlank()) {
          m.builtin.add(name(line.strip()));
        }
      }
    }
    return m;
  }

  /** The module name of a module path: file name without .ko(.xz|.zst|.gz), '-' as '_'. */
  static String name(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    int ko = file.indexOf(".ko");
    return normalize(ko >= 0 ? file.substring(0, ko) : file);
  }

  /** A module name with '-' replaced by '_'. */
  static String normalize(String name) {
    return name.replace('-', '_');
  }

  /** True when the kernel has {@code module} built in (no file to load). */
  boolean isBuiltin(String module) {
    return builtin.contains(normalize(module));
  }

  /**
   * The module files (paths relative to the tree, as in modules.dep) that {@code modules} need:
   * each module and all it depends on. Built-in modules need nothing.
   *
   * @throws IllegalArgumentException naming a module that is neither in modules.dep nor built in
   */
  SequencedSet<String> closure(Iterable<String> modules) {
    SequencedSet<String> result = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String module : modules) {
      String path = pathByName.get(normalize(module));
      if (path == null) {
        if (!isBuiltin(module)) {
          unknown.add(module);
        }
        continue;
      }
      add(path, result);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no module " + String.join(", ", unknown) + " in " + tree.resolve("modules.dep")
          + " (and not built in)");
    }
    return result;
  }

  private void add(String path, Set<String> result) {
    if (!result.add(path)) {
      return;
    }
    for (String dep : depsByPath.getOrDefault(path, List.of())) {
      add(dep, result);
    }
  }
}
