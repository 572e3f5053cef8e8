package dev.rtnl4j.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The module tree the module benchmarks resolve against when none is named: the most recently
 * installed one under /lib/modules (Debian's linux-image-amd64 changes its release with every point
 * release, so none is written down).
 */
final class ModuleTrees {
  /** The value of a release parameter that asks for {@link #newest()}. */
  static final String NEWEST = "newest";

  private ModuleTrees() {}

  /** {@code release} itself, or the newest installed release when it is {@link #NEWEST}. */
  static String resolve(String release) {
    return NEWEST.equals(release) ? newest() : release;
  }

  /**
   * The release under /lib/modules whose modules.dep.bin was written last.
   *
   * @throws IllegalStateException when there is none (install Debian's linux-image-amd64)
   */
  static String newest() {
    try (Stream<Path> trees = Files.list(Path.of("/lib/modules"))) {
      return trees
          .filter(t -> Files.isRegularFile(t.resolve("modules.dep.bin")))
          .max(Comparator.comparing(ModuleTrees::indexTime))
          .map(t -> t.getFileName().toString())
          .orElseThrow(() -> new IllegalStateException(
              "no module tree with a modules.dep.bin under /lib/modules: install the Debian package linux-image-amd64"));
    } catch (IOException e) {
      throw new UncheckedIOException("list /lib/modules", e);
    }
  }

  private static FileTime indexTime(Path tree) {
    try {
      return Files.getLastModifiedTime(tree.resolve("modules.dep.bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
