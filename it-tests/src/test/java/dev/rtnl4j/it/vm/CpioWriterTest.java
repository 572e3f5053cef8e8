package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioWriterTest {

  @TempDir Path tmp;

  @Test
  void archiveUnpacksWithGnuCpioToTheSameFilesModesAndLinks() throws Exception {
    Path cpioTool = Require.tool("/usr/bin/cpio", "cpio");
    Path source = tmp.resolve("payload.bin");
    byte[] payload = new byte[70_001];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    Files.write(source, payload);
    Path archive = tmp.resolve("a.cpio");
    try (CpioWriter cpio = new CpioWriter(Files.newOutputStream(archive))) {
      cpio.file("/opt/java/bin/java", 0755, source);
      cpio.file("/etc/odd name", 0640, "x\n".getBytes(StandardCharsets.UTF_8));
      cpio.symlink("/bin/sh", "busybox");
      cpio.directory("/run/netns", 0700);
    }
    assertEquals(0, Files.size(archive) % 512, "the archive is padded to 512 bytes, so archives concatenate");

    Path out = Files.createDirectory(tmp.resolve("out"));
    Process p = new ProcessBuilder(cpioTool.toString(), "-i", "-d", "-m", "--quiet", "-F", archive.toString())
        .directory(out.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "cpio -i: " + log);

    assertTrue(java.util.Arrays.equals(payload, Files.readAllBytes(out.resolve("opt/java/bin/java"))));
    assertTrue(Files.getPosixFilePermissions(out.resolve("opt/java/bin/java")).contains(PosixFilePermission.OWNER_EXECUTE));
    assertEquals("x\n", Files.readString(out.resolve("etc/odd name")));
    assertEquals(Path.of("busybox"), Files.readSymbolicLink(out.resolve("bin/sh")));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE),
        Files.getPosixFilePermissions(out.resolve("run/netns")));
  }

  @Test
  void sameInputsGiveTheSameBytes() throws IOException {
    assertEquals(java.util.HexFormat.of().formatHex(archiveOf("a")), java.util.HexFormat.of().formatHex(archiveOf("a")));
  }

  @Test
  void relativeOrDotPathsAreRefusedWithThePath() {
    CpioWriter cpio = new CpioWriter(new ByteArrayOutputStream());
    var e = assertThrows(IllegalArgumentException.class, () -> cpio.file("etc/x", 0644, new byte[0]));
    assertTrue(e.getMessage().contains("etc/x"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> cpio.file("/etc/../x", 0644, new byte[0]));
    assertTrue(e.getMessage().contains("/etc/../x"), e.getMessage());
  }

  private static byte[] archiveOf(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CpioWriter cpio = new CpioWriter(out)) {
      cpio.file("/a/b", 0644, text.getBytes(StandardCharsets.UTF_8));
      cpio.charDevice("/dev/console", 0600, 5, 1);
    }
    return out.toByteArray();
  }
}
