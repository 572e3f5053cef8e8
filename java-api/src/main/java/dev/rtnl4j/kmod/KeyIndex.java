package dev.rtnl4j.kmod;

import java.util.List;
import java.util.function.BiConsumer;

/** A key-to-values index of a module directory: a kmod binary trie, or its text fallback. */
interface KeyIndex extends AutoCloseable {
  /** The first value stored under exactly {@code key}, or null. */
  String search(String key);

  /** The values of every key that, read as a wildcard pattern, matches {@code key}, in kmod's order. */
  List<String> searchWild(String key);

  /** Every (key, value) pair. */
  void dump(BiConsumer<String, String> sink);

  /** Where the index came from (for messages). */
  java.nio.file.Path file();

  @Override
  void close();
}
