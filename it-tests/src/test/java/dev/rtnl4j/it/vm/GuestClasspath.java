package dev.rtnl4j.it.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * The guest's classpath, laid out in one directory: each jar copied, each class directory packed
 * into an uncompressed jar (class data sharing archives classes from jars only), all named
 * {@code N-name} in classpath order. The same names serve on the host (for the class data
 * sharing training run, see {@link ClassDataSharing}) and in the guest under /rtnl4j/cp.
 */
final class GuestClasspath {
  private static final FileTime EPOCH = FileTime.fromMillis(0);

  private GuestClasspath() {}

  /**
   * Lays out {@code classpath} in {@code dir} (which must exist) and returns the files in order.
   * Entries that do not exist are left out, as the JVM ignores them.
   *
   * @throws IOException when an entry cannot be copied or packed
   */
  static List<Path> layOut(List<Path> classpath, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    int i = 0;
    for (Path entry : classpath) {
      String name = entry.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
      if (Files.isDirectory(entry)) {
        Path jar = dir.resolve(i++ + "-" + name + ".jar");
        pack(entry, jar);
        files.add(jar);
      } else if (Files.isRegularFile(entry)) {
        Path copy = dir.resolve(i++ + "-" + name);
        Files.copy(entry, copy);
        files.add(copy);
      }
    }
    return files;
  }

  /** Packs the tree at {@code source} into an uncompressed jar (no manifest, entries sorted). */
  private static void pack(Path source, Path jar) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(source)) {
      paths = walk.filter(p -> !p.equals(source)).sorted(Comparator.comparing(Path::toString)).toList();
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      for (Path p : paths) {
        String name = source.relativize(p).toString().replace('\\', '/');
        boolean dir = Files.isDirectory(p);
        ZipEntry e = new ZipEntry(dir ? name + "/" : name);
        e.setLastModifiedTime(EPOCH);
        zip.putNextEntry(e);
        if (!dir) {
          Files.copy(p, zip);
        }
        zip.closeEntry();
      }
    }
  }
}
