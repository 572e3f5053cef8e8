package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The text fallback for a missing binary index: {@code modules.dep}, {@code modules.alias},
 * {@code modules.symbols}, {@code modules.builtin} or {@code modules.builtin.modinfo}, read into
 * memory. Wildcard matches come out in file order (depmod writes these files in module order,
 * which is the priority order of the binary index).
 */
final class TextIndex implements KeyIndex {
  private record Entry(String key, String value, int order) {}

  private final Path file;
  private final Map<String, List<Entry>> exact = new HashMap<>();
  private final List<Entry> patterns = new ArrayList<>();
  private final List<Entry> all = new ArrayList<>();

  private TextIndex(Path file) {
    this.file = file;
  }

  private void add(String key, String value) {
    Entry e = new Entry(key, value, all.size());
    all.add(e);
    exact.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
    if (Fnmatch.hasWildcard(key)) {
      patterns.add(e);
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n"));
  }

  /** {@code modules.dep}: module name to its whole line. */
  static TextIndex dependencies(Path file) throws IOException {
    TextIndex t = new TextIndex(file);
    for (String line : lines(file)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      t.add(ModuleNames.fromPath(line.substring(0, colon)), line);
    }
    return t;
  }

  /**
   * {@code modules.alias} or {@code modules.symbols}: lines {@code alias KEY MODULE}. Keys are
   * canonicalised as depmod does when it writes the binary index (dashes to underscores outside
   * brackets); an invalid one is skipped, as depmod skips it.
   */
  static TextIndex aliases(Path file) throws IOException {
    TextIndex t = new TextIndex(file);
    for (String line : lines(file)) {
      if (!line.startsWith("alias ")) {
        continue;
      }
      String[] w = line.trim().split("[ \t]+");
      if (w.length >= 3) {
        try {
          t.add(ModuleNames.normalizeAlias(w[1]), w[2]);
        } catch (IllegalArgumentException e) {
          // depmod leaves such an alias out of modules.alias.bin
        }
      }
    }
    return t;
  }

  /** {@code modules.builtin}: one module path per line; the key and value are the module name. */
  static TextIndex builtin(Path file) throws IOException {
    TextIndex t = new TextIndex(file);
    for (String line : lines(file)) {
      String l = line.trim();
      if (!l.isEmpty()) {
        String name = ModuleNames.fromPath(l);
        t.add(name, name);
      }
    }
    return t;
  }

  /** {@code modules.builtin.modinfo}: NUL-separated {@code module.alias=PATTERN} entries. */
  static TextIndex builtinAliases(Path file) throws IOException {
    TextIndex t = new TextIndex(file);
    for (String entry : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\0")) {
      int dot = entry.indexOf('.');
      if (dot > 0 && entry.startsWith("alias=", dot + 1)) {
        try {
          t.add(ModuleNames.normalizeAlias(entry.substring(dot + 7)), entry.substring(0, dot));
        } catch (IllegalArgumentException e) {
          // left out, as depmod leaves it out of modules.builtin.alias.bin
        }
      }
    }
    return t;
  }

  @Override
  public String search(String key) {
    List<Entry> e = exact.get(key);
    return e == null ? null : e.get(0).value;
  }

  @Override
  public List<String> searchWild(String key) {
    List<Entry> hits = new ArrayList<>();
    List<Entry> e = exact.get(key);
    if (e != null) {
      hits.addAll(e);
    }
    for (Entry p : patterns) {
      if (!p.key.equals(key) && Fnmatch.matches(p.key, key)) {
        hits.add(p);
      }
    }
    hits.sort((a, b) -> Integer.compare(a.order, b.order));
    List<String> out = new ArrayList<>(hits.size());
    for (Entry h : hits) {
      out.add(h.value);
    }
    return out;
  }

  @Override
  public void dump(BiConsumer<String, String> sink) {
    for (Entry e : all) {
      sink.accept(e.key, e.value);
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public void close() {}
}
