package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The indexes of one module directory, each the binary trie when present, else its text file,
 * else absent (null): dependencies, aliases, symbols, built-in modules, built-in aliases.
 */
final class ModuleIndexes implements AutoCloseable {
  final KeyIndex dependencies;
  final KeyIndex aliases;
  final KeyIndex symbols;
  final KeyIndex builtin;
  final KeyIndex builtinAliases;

  private ModuleIndexes(KeyIndex dependencies, KeyIndex aliases, KeyIndex symbols, KeyIndex builtin,
      KeyIndex builtinAliases) {
    this.dependencies = dependencies;
    this.aliases = aliases;
    this.symbols = symbols;
    this.builtin = builtin;
    this.builtinAliases = builtinAliases;
  }

  /**
   * Opens the indexes of {@code dir}.
   *
   * @throws KmodException when the directory or its {@code modules.dep} is missing, or an index
   *     cannot be read
   * @throws CorruptIndexException when a binary index is corrupt
   */
  static ModuleIndexes open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new KmodException("module directory " + dir + " does not exist (is the kernel release right?)");
    }
    KeyIndex dep = null;
    KeyIndex alias = null;
    KeyIndex sym = null;
    KeyIndex bi = null;
    try {
      dep = open(dir, "modules.dep", TextIndex::dependencies);
      if (dep == null) {
        throw new KmodException("module directory " + dir + " has neither modules.dep.bin nor modules.dep (run depmod)");
      }
      alias = open(dir, "modules.alias", TextIndex::aliases);
      sym = open(dir, "modules.symbols", TextIndex::aliases);
      bi = open(dir, "modules.builtin", TextIndex::builtin);
      KeyIndex bia = open(dir, "modules.builtin.alias", null);
      if (bia == null && Files.exists(dir.resolve("modules.builtin.modinfo"))) {
        bia = TextIndex.builtinAliases(dir.resolve("modules.builtin.modinfo"));
      }
      return new ModuleIndexes(dep, alias, sym, bi, bia);
    } catch (IOException e) {
      closeAll(dep, alias, sym, bi);
      throw new KmodException("cannot read the indexes of " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(dep, alias, sym, bi);
      throw e;
    }
  }

  private interface TextReader {
    KeyIndex read(Path file) throws IOException;
  }

  private static KeyIndex open(Path dir, String name, TextReader text) throws IOException {
    Path bin = dir.resolve(name + ".bin");
    if (Files.exists(bin)) {
      return IndexFile.open(bin);
    }
    Path txt = dir.resolve(name);
    if (text != null && Files.exists(txt)) {
      return text.read(txt);
    }
    return null;
  }

  private static void closeAll(KeyIndex... indexes) {
    for (KeyIndex i : indexes) {
      if (i != null) {
        i.close();
      }
    }
  }

  @Override
  public void close() {
    closeAll(dependencies, aliases, symbols, builtin, builtinAliases);
  }
}
