package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.IflaInfoData;
import dev.rtnl4j.sys.Syscalls;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open queue of a TUN or TAP device, made by {@link TunTap}: the file descriptor packets are
 * read from and written to, and the device's name (the kernel's choice for a {@code %d} pattern).
 * Closing it removes the device unless it is persistent.
 *
 * <p>Use after close throws {@link IllegalStateException}; ioctl failures throw
 * {@link dev.rtnl4j.sys.NativeException}.
 */
public final class TunDevice implements AutoCloseable {
  private final int fd;
  private final String name;
  private final TunTap.Mode mode;
  private final AtomicBoolean closed = new AtomicBoolean();

  TunDevice(int fd, String name, TunTap.Mode mode) {
    this.fd = fd;
    this.name = name;
    this.mode = mode;
  }

  /** The file descriptor (owned by this object). */
  public int fd() {
    ensureOpen();
    return fd;
  }

  /** The device name. */
  public String name() {
    return name;
  }

  /** TUN or TAP. */
  public TunTap.Mode mode() {
    return mode;
  }

  /** Makes the device outlive this descriptor, or not ({@code TUNSETPERSIST}). */
  public void setPersistent(boolean persistent) {
    ensureOpen();
    TunTap.check(Syscalls.ioctl(fd, IflaInfoData.TUNSETPERSIST, persistent ? 1L : 0L),
        "set " + mode.word() + " " + name + (persistent ? " persistent" : " not persistent") + ": ioctl TUNSETPERSIST");
  }

  /** Closes the descriptor; idempotent. A device that is not persistent goes with its last queue. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Syscalls.close(fd);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(mode.word() + " " + name + ": descriptor is closed");
    }
  }

  @Override
  public String toString() {
    return mode.word() + " " + name + (closed.get() ? " [closed]" : " [fd " + fd + "]");
  }
}
