package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a container's image: checks a user's root directory, sets up the {@code host} image
 * (host {@code /} with a volatile root) and assembles the {@code busybox} tree from the host's static
 * busybox (bound read-only, so nothing is copied). The busybox tree is assembled once per work
 * directory, at {@code images/busybox}, and shared: every container gets it read-only with a tmpfs
 * overlay of its own ({@code --volatile=overlay}), so a start makes no tree and a stop removes none.
 * Thread-safe.
 */
final class Images {
  /** The host's static busybox. */
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private final Path workDir;
  private volatile List<String> applets;
  private final Object assembling = new Object();
  private volatile Path busyboxRoot;
  /** The host's busybox binary (symbolic links resolved) the shared tree was assembled for. */
  private volatile Path busyboxBinary;

  /** Trees are assembled under {@code workDir}/images/NAME. */
  Images(Path workDir) {
    this.workDir = workDir;
  }

  /**
   * The layout for {@code spec}.
   *
   * @throws IOException when the tree cannot be made
   * @throws IllegalStateException when the image cannot work (no /usr, no busybox), saying why
   */
  ImageLayout layout(ContainerSpec spec) throws IOException {
    Image image = spec.image();
    if (image instanceof Image.Directory d) {
      if (!Files.isDirectory(d.root())) {
        throw new IllegalStateException("image " + d.root() + " is not a directory");
      }
      if (!Files.isDirectory(d.root().resolve("usr"))) {
        throw new IllegalStateException("image " + d.root() + " has no /usr (systemd-nspawn refuses such a root)");
      }
      return new ImageLayout(d.root(), List.of(), List.of(), false);
    }
    if (image instanceof Image.Host) {
      if (spec.ephemeral()) {
        throw new IllegalStateException("the host image is volatile already; ephemeral cannot be combined with it");
      }
      return new ImageLayout(Path.of("/"), List.of("--volatile=yes", "--link-journal=no"),
          List.of("systemd.firstboot=off"), false);
    }
    if (image instanceof Image.Busybox) {
      return busybox(spec.ephemeral());
    }
    throw new AssertionError("unknown image " + image);
  }

  /** The shared busybox tree of this work directory. */
  Path busyboxRoot() {
    return workDir.resolve("images").resolve("busybox");
  }

  /** The nspawn arguments for the shared busybox tree: the host's busybox bound in, and a private root. */
  static List<String> busyboxArgs(Path busybox, boolean ephemeral) {
    List<String> a = new ArrayList<>();
    a.add("--bind-ro=" + BindMount.escape(busybox.toString()) + ":/usr/bin/busybox");
    a.add("--link-journal=no");
    if (!ephemeral) {
      a.add("--volatile=overlay"); // --ephemeral snapshots the tree itself; nspawn refuses both together
    }
    return a;
  }

  private ImageLayout busybox(boolean ephemeral) throws IOException {
    Path root = busyboxRoot;
    Path busybox = busyboxBinary;
    if (root == null) {
      synchronized (assembling) {
        root = busyboxRoot;
        busybox = busyboxBinary;
        if (root == null) {
          if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing: the busybox image needs the Debian package busybox-static");
          }
          busybox = BUSYBOX.toRealPath();
          root = assemble(busybox);
          busyboxBinary = busybox;
          busyboxRoot = root;
        }
      }
    }
    return new ImageLayout(root, busyboxArgs(busybox, ephemeral), List.of(), false);
  }

  /**
   * Assembles the busybox tree in a new directory and renames it into place; a tree already there
   * (made so by another runtime or process on the same work directory, complete since renamed in
   * whole) is used as it is, never replaced under containers that may run on it.
   */
  private Path assemble(Path busybox) throws IOException {
    Path target = busyboxRoot();
    if (Files.isDirectory(target.resolve("usr/bin"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path root = Files.createTempDirectory(target.getParent(), "busybox-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Path bin = root.resolve("usr/bin");
      Files.createDirectories(bin);
      for (String d : new String[] {"etc", "proc", "sys", "dev", "run", "var/tmp", "root"}) {
        Files.createDirectories(root.resolve(d));
      }
      Path tmp = Files.createDirectories(root.resolve("tmp"));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
      Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/bin"));
      Files.createSymbolicLink(root.resolve("usr/sbin"), Path.of("bin"));
      Files.createFile(bin.resolve("busybox"));
      for (String applet : applets(busybox)) {
        Path link = bin.resolve(applet);
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, Path.of("busybox"));
        }
      }
      Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
      Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
      Files.writeString(root.resolve("etc/os-release"), "ID=rtnl4j-busybox\nNAME=\"rtnl4j busybox\"\n");
      Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
      Files.createFile(root.resolve("etc/machine-id"));
    } catch (IOException | RuntimeException e) {
      deleteQuietly(root);
      throw e;
    }
    try {
      Files.move(root, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(root);
      if (!Files.isDirectory(target.resolve("usr/bin"))) {
        throw e;
      }
      // another process renamed its tree into place first: use that one
    }
    return target;
  }

  private List<String> applets(Path busybox) throws IOException {
    List<String> list = applets;
    if (list != null) {
      return list;
    }
    String out;
    try {
      CommandOutput listing = CommandOutput.of(List.of(busybox.toString(), "--list"), new byte[0]);
      out = listing.text();
      if (!listing.succeeded()) {
        throw new IOException(busybox + " --list failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing busybox applets", e);
    }
    List<String> names = new ArrayList<>();
    for (String line : out.split("\n")) {
      String a = line.strip();
      if (!a.isEmpty() && !a.contains("/") && !a.equals("busybox")) {
        names.add(a);
      }
    }
    list = List.copyOf(names);
    applets = list;
    return list;
  }

  /** Removes a tree rtnl4j made (never one it did not make). */
  void remove(ImageLayout layout) throws IOException {
    if (layout != null && layout.owned()) {
      delete(layout.root());
    }
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteQuietly(Path root) {
    try {
      delete(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
