package dev.rtnl4j.kmod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses module files in user space, for kernels that cannot ({@code init_module} then
 * gets the plain image). gzip comes with the JDK; xz and zstd need optional libraries on the
 * class path ({@code org.tukaani:xz}, {@code io.airlift:aircompressor}, which also needs the
 * {@code jdk.unsupported} module that every full JDK has): without them, a clear error says
 * which to install.
 */
final class Decompressors {
  private Decompressors() {}

  /** The maven coordinates that bring support for {@code c}. */
  static String library(Compression c) {
    return switch (c) {
      case XZ -> "org.tukaani:xz";
      case ZSTD -> "io.airlift:aircompressor";
      default -> "the JDK";
    };
  }

  /**
   * The decompressed contents of {@code file}.
   *
   * @throws KmodException when the file cannot be read or decompressed, or the library for its
   *     compression is not on the class path
   */
  static byte[] decompress(Path file, Compression c) {
    try (InputStream raw = Files.newInputStream(file); InputStream in = open(raw, c)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new KmodException("cannot decompress " + file + " (" + name(c) + "): " + e.getMessage(), e);
    } catch (LinkageError e) {
      // The optional library is missing, or (aircompressor) the jdk.unsupported module it needs.
      boolean unsupported = ModuleLayer.boot().findModule("jdk.unsupported").isEmpty();
      throw new KmodException("cannot load " + file + ": it is " + name(c)
          + "-compressed and the kernel does not decompress modules itself; install " + library(c)
          + " (add it to the class path) to load " + suffix(c) + " modules"
          + (c == Compression.ZSTD && unsupported ? ", in a runtime with the jdk.unsupported module (this one has none)" : "")
          + " [" + e + "]", e);
    }
  }

  private static String name(Compression c) {
    return c.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static InputStream open(InputStream raw, Compression c) throws IOException {
    return switch (c) {
      case NONE -> raw;
      case GZIP -> new GZIPInputStream(raw, 65536);
      case XZ -> XzSupport.open(raw);
      case ZSTD -> ZstdSupport.open(raw);
    };
  }

  private static String suffix(Compression c) {
    return switch (c) {
      case XZ -> ".ko.xz";
      case ZSTD -> ".ko.zst";
      case GZIP -> ".ko.gz";
      case NONE -> ".ko";
    };
  }

  /**
   * Touches org.tukaani:xz only when called, so the library is optional at run time; its types
   * stay out of signatures and verified assignments, so that linking this class never loads them
   * (a class data sharing archive must not take in half of that sealed jar).
   */
  private static final class XzSupport {
    static InputStream open(InputStream in) throws IOException {
      Object xz = new org.tukaani.xz.XZInputStream(in);
      return (InputStream) xz;
    }
  }

  /** Touches aircompressor only when called, so the library is optional at run time. */
  private static final class ZstdSupport {
    static InputStream open(InputStream in) {
      Object zstd = new io.airlift.compress.zstd.ZstdInputStream(in);
      return (InputStream) zstd;
    }
  }
}
