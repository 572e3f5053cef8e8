package dev.rtnl4j.it.vm;

import dev.rtnl4j.testkit.DebianKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel the VM boots: a Debian {@code linux-image-*} kernel image in /boot and its modules in
 * /lib/modules/VERSION.
 *
 * @param version the kernel release ("6.1.0-57-amd64")
 * @param image the bootable image (/boot/vmlinuz-VERSION)
 * @param modules the module tree (/lib/modules/VERSION), with its modules.dep
 */
record GuestKernel(String version, Path image, Path modules) {
  /**
   * The kernel named by the environment variable {@code RTNL4J_VM_KERNEL} (a release such as
   * "6.1.0-57-amd64"), else the newest /boot/vmlinuz-* that has a module tree with a modules.dep;
   * empty when there is none.
   *
   * @throws IOException when /boot cannot be listed
   */
  static Optional<GuestKernel> find(Path boot, Path moduleRoot) throws IOException {
    String wanted = System.getenv("RTNL4J_VM_KERNEL");
    if (!Files.isDirectory(boot)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(boot)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("vmlinuz-"))
          .map(n -> n.substring("vmlinuz-".length()))
          .filter(v -> wanted == null || wanted.isBlank() || wanted.equals(v))
          .map(v -> new GuestKernel(v, boot.resolve("vmlinuz-" + v), moduleRoot.resolve(v)))
          .filter(k -> Files.isReadable(k.image()) && Files.isRegularFile(k.modules().resolve("modules.dep")))
          .max(Comparator.comparing(GuestKernel::version, GuestKernel::compareVersions));
    }
  }

  /** {@link #find(Path, Path)} on /boot and /lib/modules. */
  static Optional<GuestKernel> find() throws IOException {
    return find(Path.of("/boot"), Path.of("/lib/modules"));
  }

  /** Compares releases by their numbers in order ("6.1.0-56" before "6.1.0-100"), then as text. */
  static int compareVersions(String a, String b) {
    return DebianKernel.compareReleases(a, b);
  }
}
