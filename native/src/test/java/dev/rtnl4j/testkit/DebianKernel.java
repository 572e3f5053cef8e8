package dev.rtnl4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's own kernel, installed by the package {@code linux-image-amd64}: its release, module tree
 * and configuration, to test module resolution and loading against real indexes.
 *
 * <p>The release is found, never written down: Debian replaces the kernel package with every
 * point release ("6.1.0-56-amd64" became "6.1.0-57-amd64"), and a test pinned to one release
 * stops running on a fresh machine.
 */
public final class DebianKernel {
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Path MODULES = Path.of("/lib/modules");

  private DebianKernel() {}

  /**
   * The newest Debian release ({@code *-amd64}) under /lib/modules with a {@code modules.dep.bin}.
   *
   * @throws UncheckedIOException when /lib/modules cannot be listed
   */
  public static Optional<String> newest() {
    if (!Files.isDirectory(MODULES)) {
      return Optional.empty();
    }
    try (Stream<Path> trees = Files.list(MODULES)) {
      return trees
          .filter(t -> t.getFileName().toString().endsWith("-amd64") && Files.isRegularFile(t.resolve("modules.dep.bin")))
          .map(t -> t.getFileName().toString())
          .max(Comparator.comparing(r -> r, DebianKernel::compareReleases));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The newest release, or a skip (in CI, a failure) that says which package to install.
   */
  public static String require() {
    Optional<String> r = newest();
    Require.that(r.isPresent(), "no Debian module tree under /lib/modules: install the Debian package linux-image-amd64");
    return r.orElseThrow();
  }

  /** The module tree of {@link #require()}: /lib/modules/RELEASE. */
  public static Path requireTree() {
    return MODULES.resolve(require());
  }

  /** Compares releases by their numbers in order ("6.1.0-56" before "6.1.0-100"), then as text. */
  public static int compareReleases(String a, String b) {
    List<String> na = numbers(a);
    List<String> nb = numbers(b);
    for (int i = 0; i < Math.min(na.size(), nb.size()); i++) {
      String x = na.get(i).replaceFirst("^0+(?=.)", "");
      String y = nb.get(i).replaceFirst("^0+(?=.)", "");
      int c = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(na.size(), nb.size());
    return c != 0 ? c : a.compareTo(b);
  }

  private static List<String> numbers(String s) {
    return NUMBER.matcher(s).results().map(r -> r.group()).toList();
  }
}
