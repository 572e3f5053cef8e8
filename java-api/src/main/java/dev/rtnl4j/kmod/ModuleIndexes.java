package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The indexes of one module directory, each the binary trie when present, else its text file,
 * else absent (null): dependencies, aliases, symbols, built-in modules, built-in aliases. Each is
 * opened on first use, so resolving a plain module name maps {@code modules.dep.bin} alone.
 */
final class ModuleIndexes implements AutoCloseable {
  private final Path dir;
  private KeyIndex dependencies;
  private KeyIndex aliases;
  private KeyIndex symbols;
  private KeyIndex builtin;
  private KeyIndex builtinAliases;
  private int opened;

  private ModuleIndexes(Path dir) {
    this.dir = dir;
  }

  /**
   * The indexes of {@code dir}.
   *
   * @throws KmodException when the directory or its {@code modules.dep} is missing
   */
  static ModuleIndexes open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new KmodException("module directory " + dir + " does not exist (is the kernel release right?)");
    }
    if (!Files.exists(dir.resolve("modules.dep.bin")) && !Files.exists(dir.resolve("modules.dep"))) {
      throw new KmodException("module directory " + dir + " has neither modules.dep.bin nor modules.dep (run depmod)");
    }
    return new ModuleIndexes(dir);
  }

  private static final int DEP = 1;
  private static final int ALIAS = 2;
  private static final int SYMBOLS = 4;
  private static final int BUILTIN = 8;
  private static final int BUILTIN_ALIAS = 16;

  /** modules.dep: module name to its dependency line. Never null. */
  synchronized KeyIndex dependencies() {
    if ((opened & DEP) == 0) {
      dependencies = open("modules.dep", TextIndex::dependencies);
      opened |= DEP;
      if (dependencies == null) {
        throw new KmodException("module directory " + dir + " has neither modules.dep.bin nor modules.dep (run depmod)");
      }
    }
    return dependencies;
  }

  /** modules.alias, or null. */
  synchronized KeyIndex aliases() {
    if ((opened & ALIAS) == 0) {
      aliases = open("modules.alias", TextIndex::aliases);
      opened |= ALIAS;
    }
    return aliases;
  }

  /** modules.symbols, or null. */
  synchronized KeyIndex symbols() {
    if ((opened & SYMBOLS) == 0) {
      symbols = open("modules.symbols", TextIndex::aliases);
      opened |= SYMBOLS;
    }
    return symbols;
  }

  /** modules.builtin, or null. */
  synchronized KeyIndex builtin() {
    if ((opened & BUILTIN) == 0) {
      builtin = open("modules.builtin", TextIndex::builtin);
      opened |= BUILTIN;
    }
    return builtin;
  }

  /** modules.builtin.alias (or, without it, modules.builtin.modinfo), or null. */
  synchronized KeyIndex builtinAliases() {
    if ((opened & BUILTIN_ALIAS) == 0) {
      builtinAliases = open("modules.builtin.alias", null);
      if (builtinAliases == null && Files.exists(dir.resolve("modules.builtin.modinfo"))) {
        builtinAliases = read(() -> TextIndex.builtinAliases(dir.resolve("modules.builtin.modinfo")));
      }
      opened |= BUILTIN_ALIAS;
    }
    return builtinAliases;
  }

  private interface TextReader {
    KeyIndex read(Path file) throws IOException;
  }

  private interface Reader {
    KeyIndex read() throws IOException;
  }

  private KeyIndex read(Reader r) {
    try {
      return r.read();
    } catch (IOException e) {
      throw new KmodException("cannot read the indexes of " + dir + ": " + e.getMessage(), e);
    }
  }

  private KeyIndex open(String name, TextReader text) {
    Path bin = dir.resolve(name + ".bin");
    if (Files.exists(bin)) {
      return read(() -> IndexFile.open(bin));
    }
    Path txt = dir.resolve(name);
    if (text != null && Files.exists(txt)) {
      return read(() -> text.read(txt));
    }
    return null;
  }

  @Override
  public synchronized void close() {
    for (KeyIndex i : new KeyIndex[] {dependencies, aliases, symbols, builtin, builtinAliases}) {
      if (i != null) {
        i.close();
      }
    }
  }
}
