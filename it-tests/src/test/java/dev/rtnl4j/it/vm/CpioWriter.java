package dev.rtnl4j.it.vm;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a cpio archive in the "newc" format (the one the kernel unpacks as an initramfs), without
 * compression.
 *
 * <p>Paths are absolute guest paths ("/bin/busybox"); missing parent directories are added
 * automatically (mode 0755), since the kernel's unpacker does not create them. Every entry gets
 * uid/gid 0; a file copied from a source file keeps its modification time (in seconds; the
 * kernel restores it, and class data sharing checks it), every other entry gets mtime 0.
 * Archives written one after another into one file form a valid initramfs: the kernel unpacks each in turn, a later entry
 * replacing an earlier file of the same name.
 *
 * <p>Not thread-safe. Methods throw {@link IOException} when the output or a source file fails,
 * and {@link IllegalArgumentException} for a path that is not absolute or has empty/dot segments.
 */
final class CpioWriter implements AutoCloseable {
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;

  private final OutputStream out;
  private final Set<String> directories = new HashSet<>();
  private long written;
  private int nextInode = 1;
  private boolean finished;

  CpioWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, 1 << 16);
  }

  /** Bytes written so far. */
  long size() {
    return written;
  }

  /** A directory (and its missing parents). Adding the same directory twice writes it once. */
  void directory(String path, int mode) throws IOException {
    String name = check(path);
    if (name.isEmpty() || directories.contains(name)) {
      return;
    }
    parents(name);
    directories.add(name);
    header(name, S_IFDIR | (mode & 07777), 2, 0, 0, 0);
  }

  /** A regular file with the contents and modification time of {@code source} (symlinks followed). */
  void file(String path, int mode, Path source) throws IOException {
    String name = check(path);
    parents(name);
    long length = Files.size(source);
    long mtime = Files.getLastModifiedTime(source).to(java.util.concurrent.TimeUnit.SECONDS);
    header(name, S_IFREG | (mode & 07777), 1, length, 0, 0, mtime, nextInode++);
    try (InputStream in = Files.newInputStream(source)) {
      long copied = in.transferTo(counting());
      if (copied != length) {
        throw new IOException(source + " changed size while being archived (" + length + " -> " + copied + " bytes)");
      }
    }
    pad();
  }

  /** A regular file with the given contents. */
  void file(String path, int mode, byte[] contents) throws IOException {
    String name = check(path);
    parents(name);
    header(name, S_IFREG | (mode & 07777), 1, contents.length, 0, 0);
    write(contents);
    pad();
  }

  /** A symbolic link at {@code path} pointing to {@code target}. */
  void symlink(String path, String target) throws IOException {
    String name = check(path);
    parents(name);
    byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
    header(name, S_IFLNK | 0777, 1, bytes.length, 0, 0);
    write(bytes);
    pad();
  }

  /** A character device node (e.g. /dev/console, 5:1). */
  void charDevice(String path, int mode, int major, int minor) throws IOException {
    String name = check(path);
    parents(name);
    header(name, S_IFCHR | (mode & 07777), 1, 0, major, minor);
  }

  /** Writes the trailer entry and pads the archive to a multiple of 512 bytes; idempotent. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    header("TRAILER!!!", 0, 1, 0, 0, 0, 0, 0);
    while (written % 512 != 0) {
      write(new byte[] {0});
    }
    out.flush();
  }

  /** Finishes the archive and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  private static String check(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("cpio entry path must be absolute: " + path);
    }
    String name = path.substring(1);
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    for (String segment : name.split("/", -1)) {
      if (!name.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
        throw new IllegalArgumentException("cpio entry path has an empty, '.' or '..' segment: " + path);
      }
    }
    return name;
  }

  private void parents(String name) throws IOException {
    int slash = name.lastIndexOf('/');
    if (slash > 0) {
      directory("/" + name.substring(0, slash), 0755);
    }
  }

  private void header(String name, int mode, int nlink, long size, int rdevMajor, int rdevMinor) throws IOException {
    header(name, mode, nlink, size, rdevMajor, rdevMinor, 0, nextInode++);
  }

  private void header(String name, int mode, int nlink, long size, int rdevMajor, int rdevMinor, long mtime,
      int inode) throws IOException {
    if (size > 0xFFFF_FFFFL) {
      throw new IOException("cpio newc cannot hold a file over 4 GiB: " + name);
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(110).append("070701");
    long[] fields = {inode, mode, 0, 0, nlink, mtime, size, 0, 0, rdevMajor, rdevMinor, nameBytes.length + 1L, 0};
    for (long field : fields) {
      h.append(String.format("%08X", field));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(nameBytes);
    write(new byte[] {0});
    pad();
  }

  private void pad() throws IOException {
    while (written % 4 != 0) {
      write(new byte[] {0});
    }
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    written += bytes.length;
  }

  private OutputStream counting() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        written++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
      }
    };
  }
}
