package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.testkit.Require;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest test's hand-made zstd frames are real zstd: the zstd tool reads them back. */
class RawZstdOutputStreamTest {
  @Test
  void theZstdToolDecompressesRawBlockFramesToTheOriginal(@TempDir Path tmp) throws Exception {
    Path zstd = Require.tool("/usr/bin/zstd", "zstd");
    for (int size : new int[] {0, 1, 128 * 1024, 300_000}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path f = tmp.resolve("x" + size + ".zst");
      try (OutputStream o = new ModuleLoaderVmTest.RawZstdOutputStream(Files.newOutputStream(f))) {
        o.write(data);
      }
      Path out = tmp.resolve("x" + size);
      Process p = new ProcessBuilder(List.of(zstd.toString(), "-q", "-d", "-o", out.toString(), f.toString()))
          .inheritIO().start();
      assertEquals(0, p.waitFor(), "zstd -d " + f);
      assertArrayEquals(data, Files.readAllBytes(out));
    }
  }
}
