package dev.rtnl4j.bench.workload;

import dev.rtnl4j.nspawn.Image;
import dev.rtnl4j.nspawn.StartMode;
import java.util.Objects;

/**
 * One run of workload B1: K containers, C booting at a time, on an image, with the network made
 * by rtnl4j before nspawn ({@link StartMode#PREPARED}) or by nspawn as the seed does
 * ({@link StartMode#COMPATIBLE}), or the seed's way with {@code ip} processes ({@link StartMode#SEED}). Container {@code i} is named {@code PREFIXi} and gets W1's
 * addresses ({@code 10.231.(i/256).(i%256)} on the host side, {@code 10.232.…} inside).
 *
 * @param containers K, 1..4096
 * @param concurrency C, at least 1
 * @param image busybox, host or a root directory
 * @param mode prepared, compatible or seed
 * @param prefix container names' prefix (letters, digits, '-'; short enough for interface names)
 * @param serial true: one {@link dev.rtnl4j.nspawn.ContainerRuntime#start start} after another,
 *     each prepared and booted before the next begins (a start's latency alone, measured as the C
 *     floor of rtnl4j's share is; concurrency is then 1); false: all through
 *     {@link dev.rtnl4j.nspawn.ContainerRuntime#startAll startAll}, whose preparation runs ahead
 */
public record BootSpec(int containers, int concurrency, Image image, StartMode mode, String prefix, boolean serial) {
  /** Checks every field; throws {@link IllegalArgumentException} saying which option is wrong. */
  public BootSpec {
    if (containers < 1 || containers > 4096) {
      throw new IllegalArgumentException("--containers must be 1..4096, not " + containers);
    }
    if (serial && concurrency != 1) {
      throw new IllegalArgumentException("--serial starts one container after another: --concurrency must be 1"
          + " or left out, not " + concurrency);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, not " + concurrency);
    }
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mode, "mode");
    if (prefix == null || !prefix.matches("[a-z][a-z0-9-]{0,6}")) {
      throw new IllegalArgumentException("the container name prefix must be 1-7 lower-case letters, digits or '-',"
          + " starting with a letter, not '" + prefix + "'");
    }
  }

  /** A run through {@link dev.rtnl4j.nspawn.ContainerRuntime#startAll startAll}. */
  public BootSpec(int containers, int concurrency, Image image, StartMode mode, String prefix) {
    this(containers, concurrency, image, mode, prefix, false);
  }

  /** "8 at a time", or "one start after another" for a serial run. */
  public String pace() {
    return serial ? "one start after another" : concurrency + " at a time";
  }

  /** Name of container {@code i}. */
  public String name(int i) {
    return prefix + i;
  }

  /** "prepared", "compat" or "seed". */
  public String modeLabel() {
    return label(mode);
  }

  /** "prepared", "compat" or "seed". */
  public static String label(StartMode mode) {
    return switch (mode) {
      case PREPARED -> "prepared";
      case COMPATIBLE -> "compat";
      case SEED -> "seed";
    };
  }
}
