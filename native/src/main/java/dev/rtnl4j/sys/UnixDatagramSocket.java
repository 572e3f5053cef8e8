package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An {@code AF_UNIX} datagram socket bound to a path or an abstract name, with
 * {@code SO_PASSCRED} on, so that every datagram received carries the sender's pid, uid and gid
 * ({@code SCM_CREDENTIALS}, checked by the kernel). Made for {@code sd_notify}
 * ({@code NOTIFY_SOCKET}): the receiver learns who said {@code READY=1}.
 *
 * <p>File descriptors sent along ({@code SCM_RIGHTS}, e.g. sd_notify's FDSTORE) are closed on
 * arrival, so they never leak; their count is in {@link Datagram#fdsDropped()}.
 * {@link #close()} is idempotent and callable from any thread (the fd is closed when a call in
 * flight returns); it removes the socket file of a path-bound socket. Calls after close throw
 * {@link IllegalStateException}; failed system calls throw {@link NativeException}. The calls go
 * through this JVM's {@link NativeBackends#get() native backend}; opening throws
 * {@link IllegalStateException}, saying why, when the backend named cannot be used.
 */
public final class UnixDatagramSocket implements AutoCloseable {
  private static final int MAX_DATAGRAM = 64 * 1024;
  private static final long CONTROL_SIZE = 256;

  /**
   * One datagram and its sender's credentials.
   *
   * @param pid sender's pid (in this process's pid namespace; 0 if the sender's is not visible)
   * @param uid sender's uid
   * @param gid sender's gid
   * @param data the datagram's bytes
   * @param fdsDropped file descriptors that came with it and were closed
   */
  public record Datagram(int pid, int uid, int gid, byte[] data, int fdsDropped) {
    /** The datagram as UTF-8 text (sd_notify's {@code KEY=VALUE} lines). */
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private final int fd;
  private final Path path;
  private final String abstractName;
  /**
   * The socket's native memory, freed by the garbage collector once the socket is unreachable: a
   * shared arena's close would stop every JVM thread for a handshake (tens of microseconds, on each
   * container start's notify socket); the fd itself is closed at {@link #close()}.
   */
  private final Arena arena = Arena.ofAuto();
  private final CloseGuard guard;
  private final MemorySegment msg;
  private final MemorySegment iov;
  private final MemorySegment control;
  private final MemorySegment buffer;
  private final MemorySegment pollFd;
  /** Addresses of the structs the system calls take, read once. */
  private final long msgAt;
  private final long pollFdAt;

  private UnixDatagramSocket(Path path, String abstractName) {
    this.path = path;
    this.abstractName = abstractName;
    this.guard = new CloseGuard(this, this::release);
    int fd = -1;
    try {
      fd = sys().socket(Syscalls.AF_UNIX, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
      NativeException.check(fd, "socket(AF_UNIX, SOCK_DGRAM)");
      this.fd = fd;
      MemorySegment one = arena.allocate(JAVA_INT);
      one.set(JAVA_INT, 0, 1);
      NativeException.check(sys().setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_PASSCRED, one.address(), 4), "setsockopt(SO_PASSCRED)");
      if (path != null || abstractName != null) {
        MemorySegment addr = address(arena, path, abstractName);
        NativeException.check(sys().bind(fd, addr.address(), (int) addr.byteSize()), "bind unix socket " + describe());
      }
      iov = arena.allocate(Structs.IOVEC);
      buffer = arena.allocate(MAX_DATAGRAM, 8);
      control = arena.allocate(CONTROL_SIZE, 8);
      msg = arena.allocate(Structs.MSGHDR);
      msg.set(ADDRESS, Structs.MSG_IOV, iov);
      msg.set(JAVA_LONG, Structs.MSG_IOVLEN, 1);
      pollFd = arena.allocate(Structs.POLLFD);
      pollFd.set(JAVA_INT, Structs.POLL_FD, fd);
      msgAt = msg.address();
      pollFdAt = pollFd.address();
    } catch (RuntimeException | Error e) {
      if (fd >= 0) {
        Syscalls.close(fd);
      }
      throw e;
    }
  }

  /**
   * Binds a socket to the filesystem path {@code path} (which must not exist yet).
   *
   * @throws IllegalArgumentException for a path longer than 107 bytes
   * @throws NativeException EADDRINUSE when the path exists, ENOENT for a missing directory…
   */
  public static UnixDatagramSocket bind(Path path) {
    return new UnixDatagramSocket(path, null);
  }

  /**
   * Binds a socket to the abstract name {@code name} (Linux: no file; {@code NOTIFY_SOCKET=@name}).
   *
   * @throws IllegalArgumentException for a name longer than 106 bytes
   * @throws NativeException EADDRINUSE when the name is taken
   */
  public static UnixDatagramSocket bindAbstract(String name) {
    return new UnixDatagramSocket(null, name);
  }

  /** An unbound socket, for sending. */
  public static UnixDatagramSocket open() {
    return new UnixDatagramSocket(null, null);
  }

  /** The path bound, or null. */
  public Path path() {
    return path;
  }

  /** The abstract name bound (without the leading NUL), or null. */
  public String abstractName() {
    return abstractName;
  }

  /** The address in {@code NOTIFY_SOCKET} form: the path, or {@code @name} for an abstract name. */
  public String notifySocketAddress() {
    return path != null ? path.toString() : abstractName != null ? "@" + abstractName : null;
  }

  /** The file descriptor (do not close it yourself). */
  public int fd() {
    return fd;
  }

  /**
   * Sends {@code data} as one datagram to the socket at {@code destination} (a path, or
   * {@code @name} for an abstract name). Allocates; not for hot paths.
   *
   * @throws NativeException ECONNREFUSED / ENOENT when nobody is bound there, EAGAIN when full
   */
  public void send(String destination, byte[] data) {
    guard.enter();
    try (Arena a = Arena.ofConfined()) {
      MemorySegment addr = destination.startsWith("@")
          ? address(a, null, destination.substring(1))
          : address(a, Path.of(destination), null);
      MemorySegment buf = a.allocate(Math.max(1, data.length));
      MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
      long r = sys().sendto(fd, buf.address(), data.length, Syscalls.MSG_NOSIGNAL, addr.address(), (int) addr.byteSize());
      if (r < 0) {
        throw new NativeException("sendto unix socket " + destination, (int) r);
      }
    } finally {
      guard.exit();
    }
  }

  /** Blocks for one datagram. @throws NativeException when recvmsg fails */
  public Datagram receive() {
    return receive(-1);
  }

  /**
   * Waits up to {@code timeoutMillis} for one datagram ({@code 0}: do not wait, negative:
   * forever); null when none came in time.
   *
   * @throws NativeException when poll or recvmsg fail
   * @throws IllegalStateException after close
   */
  public Datagram receive(int timeoutMillis) {
    guard.enter();
    try {
      if (timeoutMillis > 0 && !waitReadable(timeoutMillis)) {
        return null;
      }
      int flags = Syscalls.MSG_CMSG_CLOEXEC | (timeoutMillis >= 0 ? Syscalls.MSG_DONTWAIT : 0);
      long n;
      do {
        iov.set(JAVA_LONG, Structs.IOV_BASE, buffer.address());
        iov.set(JAVA_LONG, Structs.IOV_LEN, buffer.byteSize());
        msg.set(ADDRESS, Structs.MSG_NAME, MemorySegment.NULL);
        msg.set(JAVA_INT, Structs.MSG_NAMELEN, 0);
        msg.set(ADDRESS, Structs.MSG_CONTROL, control);
        msg.set(JAVA_LONG, Structs.MSG_CONTROLLEN, control.byteSize());
        msg.set(JAVA_INT, Structs.MSG_FLAGS, 0);
        n = sys().recvmsg(fd, msgAt, flags);
      } while (n == -Errno.EINTR);
      if (n == -Errno.EAGAIN && timeoutMillis >= 0) {
        return null;
      }
      if (n < 0) {
        throw new NativeException("recvmsg on unix socket " + describe(), (int) n);
      }
      return parse((int) Math.min(n, buffer.byteSize()));
    } finally {
      guard.exit();
    }
  }

  private Datagram parse(int length) {
    int pid = 0;
    int uid = -1;
    int gid = -1;
    int dropped = 0;
    long controlLen = msg.get(JAVA_LONG, Structs.MSG_CONTROLLEN);
    long off = 0;
    while (off + Structs.CMSG_DATA <= controlLen) {
      long len = control.get(JAVA_LONG, off + Structs.CMSG_LEN);
      if (len < Structs.CMSG_DATA || off + len > controlLen) {
        break;
      }
      int level = control.get(JAVA_INT, off + Structs.CMSG_LEVEL);
      int type = control.get(JAVA_INT, off + Structs.CMSG_TYPE);
      long data = off + Structs.CMSG_DATA;
      if (level == Syscalls.SOL_SOCKET && type == Syscalls.SCM_CREDENTIALS && len >= Structs.CMSG_LEN_UCRED) {
        pid = control.get(JAVA_INT, data + Structs.UCRED_PID);
        uid = control.get(JAVA_INT, data + Structs.UCRED_UID);
        gid = control.get(JAVA_INT, data + Structs.UCRED_GID);
      } else if (level == Syscalls.SOL_SOCKET && type == Syscalls.SCM_RIGHTS) {
        for (long p = data; p + 4 <= off + len; p += 4) {
          Syscalls.close(control.get(JAVA_INT, p));
          dropped++;
        }
      }
      off += Structs.align8(len);
    }
    byte[] bytes = buffer.asSlice(0, length).toArray(JAVA_BYTE);
    return new Datagram(pid, uid, gid, bytes, dropped);
  }

  private boolean waitReadable(int timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (;;) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        left = 0;
      }
      pollFd.set(JAVA_SHORT, Structs.POLL_EVENTS, Syscalls.POLLIN);
      int r = sys().poll(pollFdAt, 1, (int) left);
      if (r > 0) {
        return true;
      }
      if (r == 0) {
        return false;
      }
      if (r != -Errno.EINTR) {
        throw new NativeException("poll on unix socket " + describe(), r);
      }
    }
  }

  private static NativeBackend sys() {
    return NativeBackends.get();
  }

  /** True once closed. */
  public boolean isClosed() {
    return guard.isClosed();
  }

  /** Closes the socket (idempotent) and removes its socket file, if bound to a path. */
  @Override
  public void close() {
    guard.close();
  }

  private void release() {
    Syscalls.close(fd);
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // the socket is closed; a leftover file only blocks a later bind to the same path, which says so
      }
    }
  }

  private String describe() {
    return path != null ? path.toString() : abstractName != null ? "@" + abstractName : "(unbound)";
  }

  @Override
  public String toString() {
    return "UnixDatagramSocket[" + describe() + "]";
  }

  /** A {@code sockaddr_un} sized exactly for the path (NUL-terminated) or abstract name. */
  private static MemorySegment address(Arena arena, Path path, String abstractName) {
    byte[] name;
    int extra;
    if (path != null) {
      name = path.toString().getBytes(StandardCharsets.UTF_8);
      if (name.length > Structs.SUN_PATH_MAX - 1) {
        throw new IllegalArgumentException("unix socket path is " + name.length + " bytes, more than "
            + (Structs.SUN_PATH_MAX - 1) + ": " + path);
      }
      extra = 1; // the terminating NUL
    } else {
      name = abstractName.getBytes(StandardCharsets.UTF_8);
      if (name.length > Structs.SUN_PATH_MAX - 1) {
        throw new IllegalArgumentException("abstract unix socket name is " + name.length + " bytes, more than "
            + (Structs.SUN_PATH_MAX - 1) + ": " + abstractName);
      }
      extra = 1; // the leading NUL
    }
    MemorySegment addr = arena.allocate(Structs.SUN_PATH + name.length + extra, 2);
    addr.set(JAVA_SHORT, Structs.SUN_FAMILY, (short) Syscalls.AF_UNIX);
    long at = Structs.SUN_PATH + (path != null ? 0 : 1);
    MemorySegment.copy(name, 0, addr, JAVA_BYTE, at, name.length);
    return addr;
  }
}
