package dev.rtnl4j.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a module file is compressed, found from its first bytes (not its name), and which of these
 * the running kernel can decompress itself ({@code /sys/module/compression}, present when the
 * kernel has {@code CONFIG_MODULE_DECOMPRESS}).
 */
public enum Compression {
  /** A plain ELF module. */
  NONE,
  /** gzip: {@code 1f 8b}. */
  GZIP,
  /** xz: {@code fd 37 7a 58 5a 00}. */
  XZ,
  /** zstd: {@code 28 b5 2f fd}. */
  ZSTD;

  /** The compression the first bytes of a file show. */
  public static Compression detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) {
      return XZ;
    }
    if (length >= 4 && head[0] == 0x28 && (head[1] & 0xff) == 0xb5 && head[2] == 0x2f && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * The compression the kernel decompresses in {@code finit_module} with
   * {@code MODULE_INIT_COMPRESSED_FILE}, from {@code file} ({@code /sys/module/compression}:
   * "gzip", "xz" or "zstd"); {@link #NONE} when the file is missing or says something else.
   */
  public static Compression ofKernel(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.ISO_8859_1);
      return switch (s) {
        case "gzip\n" -> GZIP;
        case "xz\n" -> XZ;
        case "zstd\n" -> ZSTD;
        default -> NONE;
      };
    } catch (NoSuchFileException e) {
      return NONE;
    } catch (IOException e) {
      throw new KmodException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
