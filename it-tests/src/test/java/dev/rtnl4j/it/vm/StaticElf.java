package dev.rtnl4j.it.vm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a statically linked executable (no program interpreter) from a dynamically linked one, by
 * reading the ELF program headers; busybox-static's /bin/busybox must be static to run in the
 * guest, which has no shared libraries of its own.
 */
final class StaticElf {
  private static final int PT_INTERP = 3;

  private StaticElf() {}

  /** True when {@code file} is a 64-bit little-endian ELF executable without PT_INTERP. */
  static boolean isStaticExecutable(Path file) {
    if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(h, 0);
      if (h.getInt(0) != 0x464C457F || h.get(4) != 2 || h.get(5) != 1) {
        return false; // not ELF, not 64-bit, or not little-endian
      }
      long phoff = h.getLong(0x20);
      int phentsize = h.getShort(0x36) & 0xFFFF;
      int phnum = h.getShort(0x38) & 0xFFFF;
      ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(ph, phoff);
      for (int i = 0; i < phnum; i++) {
        if (ph.getInt(i * phentsize) == PT_INTERP) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
