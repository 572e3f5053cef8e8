package dev.rtnl4j.nspawn;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a container runs on: a root directory of the user's, the host's own {@code /usr} on a
 * volatile root ({@code host}), or a minimal tree assembled from the host's static busybox
 * ({@code busybox}). Nothing is ever downloaded.
 */
public sealed interface Image {

  /** A root directory given by the user; it must contain {@code /usr} (systemd-nspawn refuses it otherwise). */
  record Directory(Path root) implements Image {
    /** Requires a non-null root. */
    public Directory {
      Objects.requireNonNull(root, "root");
    }

    @Override
    public String toString() {
      return root.toString();
    }
  }

  /** The host's {@code /} with {@code --volatile=yes}: host {@code /usr} read-only under a tmpfs root. */
  record Host() implements Image {
    @Override
    public String toString() {
      return "host";
    }
  }

  /** A minimal tree built at start from the host's static busybox ({@code /bin/busybox}). */
  record Busybox() implements Image {
    @Override
    public String toString() {
      return "busybox";
    }
  }

  /**
   * Reads {@code host}, {@code busybox} or an absolute directory path.
   *
   * @throws IllegalArgumentException for anything else
   */
  static Image parse(String text) {
    return switch (text) {
      case "host" -> new Host();
      case "busybox" -> new Busybox();
      default -> {
        if (!text.startsWith("/")) {
          throw new IllegalArgumentException("it is neither \"host\", \"busybox\" nor an absolute directory");
        }
        yield new Directory(Path.of(text));
      }
    };
  }
}
