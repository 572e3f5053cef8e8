package dev.rtnl4j.netns;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.NetnsRunner;
import dev.rtnl4j.sys.Syscalls;
import dev.rtnl4j.sys.VirtualThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open handle on a network namespace: a file descriptor of an {@code nsfs} file, held until
 * {@link #close()}. Holding it keeps the namespace alive even when its name is deleted.
 *
 * <p>Open one by name ({@link #open(String)}, in {@code /run/netns}; see {@link NetNamespaces} for
 * another directory, and to create, delete and list named namespaces), by path
 * ({@link #openPath(Path)}), by process ({@link #ofPid(int)}), by a file descriptor someone else
 * owns ({@link #ofFd(int)}), or the calling thread's own ({@link #current()}). Every opening
 * checks that the file really is a network namespace.
 *
 * <p>Sockets for the namespace are opened with {@link #openNetlinkSocket(int)}: on a dedicated
 * platform thread that enters the namespace, opens the socket and comes back, so no other thread
 * ever leaves its own namespace (a socket stays in the namespace it was created in).
 *
 * <p>Failures throw {@link NativeException} with the errno name and the namespace named in the
 * operation, e.g. {@code open network namespace "blue" (/run/netns/blue): ENOENT (No such file or
 * directory): no network namespace of that name}. Use after close throws
 * {@link IllegalStateException}.
 */
public final class NetNamespace implements AutoCloseable {
  /** {@code NS_GET_NSTYPE} = {@code _IO(0xb7, 0x3)}: the kind of namespace an nsfs fd refers to. */
  static final long NS_GET_NSTYPE = 0xb703L;
  private static final String THREAD_SELF = "/proc/thread-self/ns/net";

  private final int fd;
  private final String name;
  private final Path path;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NetNamespace(int fd, String name, Path path, String description) {
    this.fd = fd;
    this.name = name;
    this.path = path;
    this.description = description;
  }

  /** Opens the named namespace {@code /run/netns/NAME}, as {@code ip netns} names them. */
  public static NetNamespace open(String name) {
    return NetNamespaces.standard().open(name);
  }

  /**
   * Opens the network namespace of the calling thread ({@code /proc/thread-self/ns/net}).
   *
   * @throws NativeException if it cannot be opened
   */
  public static NetNamespace current() {
    return openFile(null, Path.of(THREAD_SELF), "current network namespace (" + THREAD_SELF + ")", null);
  }

  /**
   * Moves the calling platform thread into a new, unnamed network namespace
   * ({@code unshare(CLONE_NEWNET)}) and returns a handle on it; the thread <em>stays there</em>.
   * The namespace lives while a handle, a socket or a process holds it; name it with
   * {@link NetNamespaces#attach}. Call it only inside {@link dev.rtnl4j.sys.NetnsRunner}, which
   * brings the thread back to its own namespace afterwards (also on failure).
   *
   * @throws NativeException EPERM without CAP_SYS_ADMIN
   * @throws IllegalStateException on a virtual thread (its carrier would move)
   */
  public static NetNamespace unshareOnThisThread() {
    refuseVirtualThread();
    int r = Syscalls.unshare(Syscalls.CLONE_NEWNET);
    if (r < 0) {
      throw new NativeException("create network namespace: unshare(CLONE_NEWNET)", r);
    }
    return current();
  }

  /** unshare or setns on a virtual thread would move its carrier, and every virtual thread later mounted on it. */
  static void refuseVirtualThread() {
    if (VirtualThreads.isCurrent()) {
      throw new IllegalStateException("refusing to unshare a network namespace on a virtual thread: its carrier "
          + "thread, and every virtual thread later mounted on it, would move into it");
    }
  }

  /**
   * Opens the network namespace file at {@code path} (a bind mount such as
   * {@code /run/netns/NAME}, or {@code /proc/PID/ns/net}).
   *
   * @throws NativeException ENOENT if there is no such file, EINVAL if it is not a network
   *     namespace
   */
  public static NetNamespace openPath(Path path) {
    return openFile(null, path, "network namespace " + path, null);
  }

  /**
   * Opens the network namespace of process {@code pid} ({@code /proc/PID/ns/net}).
   *
   * @throws NativeException ENOENT if there is no such process
   */
  public static NetNamespace ofPid(int pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be positive, was " + pid);
    }
    Path p = Path.of("/proc", Integer.toString(pid), "ns", "net");
    return openFile(null, p, "network namespace of process " + pid + " (" + p + ")", "no such process");
  }

  /**
   * Opens a handle of its own on the namespace that {@code fd} (owned and kept by the caller)
   * refers to, by reopening {@code /proc/self/fd/FD}; the caller may close {@code fd} afterwards.
   *
   * @throws NativeException EBADF if {@code fd} is not open, EINVAL if it is not a network namespace
   */
  public static NetNamespace ofFd(int fd) {
    if (fd < 0) {
      throw new IllegalArgumentException("fd must not be negative, was " + fd);
    }
    Path p = Path.of("/proc/self/fd", Integer.toString(fd));
    return openFile(null, p, "network namespace of fd " + fd, null);
  }

  /** Opens a named namespace's file; {@code name} is recorded on the handle. */
  static NetNamespace openNamed(String name, Path path) {
    return openFile(name, path, "network namespace \"" + name + "\" (" + path + ")", "no network namespace of that name");
  }

  private static NetNamespace openFile(String name, Path path, String description, String missingDetail) {
    String op = "open " + description;
    int fd = Syscalls.open(path.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException(op, fd, -fd == Errno.ENOENT ? missingDetail : null);
    }
    int type = Syscalls.ioctl(fd, NS_GET_NSTYPE, 0L);
    if (type != Syscalls.CLONE_NEWNET) {
      Syscalls.close(fd);
      String what = type < 0 ? "it is not a namespace file (a stale name whose bind mount is gone?)"
          : "it is a namespace, but not a network namespace";
      throw new NativeException(op, Errno.EINVAL, what);
    }
    return new NetNamespace(fd, name, path, description);
  }

  /** The open file descriptor (owned by this handle: do not close it). */
  public int fd() {
    ensureOpen();
    return fd;
  }

  /** The name under which it was opened from a namespace directory, if it was. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** A short name for messages: the namespace's name when it has one, else where it was opened from. */
  public String label() {
    return name != null ? name : description;
  }

  /** The file it was opened from ({@code /run/netns/NAME}, {@code /proc/PID/ns/net}, ...). */
  public Path path() {
    return path;
  }

  /**
   * The namespace's inode number, which identifies it on this machine (the number in
   * {@code net:[4026531840]}); two handles on the same namespace have the same one.
   *
   * @throws UncheckedIOException if {@code /proc/self/fd} cannot be read
   */
  public long inode() {
    ensureOpen();
    try {
      // stat follows the /proc/self/fd magic link to the nsfs inode itself
      Object ino = Files.getAttribute(Path.of("/proc/self/fd", Integer.toString(fd)), "unix:ino");
      return ((Number) ino).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException("read the inode of " + description, e);
    }
  }

  /** Whether {@code other} is a handle on the same namespace. */
  public boolean isSameNamespaceAs(NetNamespace other) {
    return inode() == other.inode();
  }

  /**
   * Runs {@code task} inside this namespace on a dedicated platform thread (setns in, run, setns
   * back) and returns its result; the calling thread never changes namespace.
   *
   * @throws NativeException if the namespace cannot be entered
   * @throws Exception whatever {@code task} throws
   */
  public <T> T call(Callable<T> task) throws Exception {
    ensureOpen();
    return NetnsRunner.call(fd, task);
  }

  /**
   * Opens a netlink socket of {@code protocol} that lives in this namespace.
   *
   * @throws NativeException if the namespace cannot be entered or the socket not opened
   */
  public NetlinkSocket openNetlinkSocket(int protocol) {
    return openNetlinkSocket(protocol, 0);
  }

  /**
   * Opens a netlink socket of {@code protocol} in this namespace, bound to the multicast groups
   * of {@code groupsMask} (bit {@code n-1} for group {@code n}).
   *
   * @throws NativeException if the namespace cannot be entered or the socket not opened
   */
  public NetlinkSocket openNetlinkSocket(int protocol, int groupsMask) {
    ensureOpen();
    return NetlinkSocket.openIn(fd, protocol, groupsMask);
  }

  /** Closes the file descriptor; idempotent. The namespace lives on while anything else holds it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Syscalls.close(fd);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(description + ": handle is closed");
    }
  }

  @Override
  public String toString() {
    return description + (closed.get() ? " [closed]" : " [fd " + fd + "]");
  }
}
