package dev.rtnl4j.nspawn;

import java.nio.file.Path;
import java.util.List;

/**
 * An image laid out for one container: the directory nspawn gets as {@code --directory}, extra
 * nspawn arguments it needs, arguments for its init when booted, and whether rtnl4j made the
 * directory (and removes it on stop).
 *
 * @param root the root directory
 * @param nspawnArgs e.g. {@code --volatile=yes}, {@code --bind-ro=/bin/busybox:/usr/bin/busybox}
 * @param initArgs arguments for the booted init (e.g. {@code systemd.firstboot=off})
 * @param owned true when rtnl4j created root and deletes it on stop
 */
record ImageLayout(Path root, List<String> nspawnArgs, List<String> initArgs, boolean owned) {
  ImageLayout {
    nspawnArgs = List.copyOf(nspawnArgs);
    initArgs = List.copyOf(initArgs);
  }
}
