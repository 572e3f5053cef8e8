package dev.rtnl4j.sys;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * {@link IllegalStateException}; failed system calls throw {@link NativeException}. The socket's
 * memory (structs, a 64 KiB receive buffer) is direct buffers whose addresses are taken once,
 * released by the garbage collector once the socket is unreachable. The calls go
 * through this JVM's {@link NativeBackends#get() native backend}; opening throws
 * {@link IllegalStateException}, saying why, when the backend named cannot be used.
 */
public final class UnixDatagramSocket implements AutoCloseable {
  private static final int MAX_DATAGRAM = 64 * 1024;
  private static final int CONTROL_SIZE = 256;

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
  /** The path bound: set once, by the constructor or {@link #bindTo}; read by close on any thread. */
  private volatile Path path;
  private final String abstractName;
  private final CloseGuard guard;
  /**
   * The socket's native memory, freed by the garbage collector once the socket is unreachable (the
   * fd itself is closed at {@link #close()}): a {@code msghdr} at {@link #MSG}, its {@code iovec}
   * at {@link #IOV}, a {@code pollfd} at {@link #POLL} and the control data at {@link #CONTROL}.
   */
  private final ByteBuffer structs;
  private final ByteBuffer buffer;
  /** Addresses the system calls take, read once. */
  private final long msgAt;
  private final long pollFdAt;
  private final long controlAt;
  private final long bufferAt;

  private static final int MSG = 0;
  private static final int IOV = MSG + Structs.MSGHDR;
  private static final int POLL = IOV + Structs.IOVEC;
  private static final int CONTROL = POLL + Structs.align8(Structs.POLLFD);

  private UnixDatagramSocket(Path path, String abstractName) {
    this.path = path;
    this.abstractName = abstractName;
    this.guard = new CloseGuard(this, this::release);
    int fd = -1;
    try {
      fd = sys().socket(Syscalls.AF_UNIX, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
      NativeException.check(fd, "socket(AF_UNIX, SOCK_DGRAM)");
      this.fd = fd;
      try (Scratch s = new Scratch()) {
        ByteBuffer one = s.buffer(4).putInt(0, 1);
        NativeException.check(sys().setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_PASSCRED, Scratch.address(one), 4), "setsockopt(SO_PASSCRED)");
        if (path != null || abstractName != null) {
          ByteBuffer addr = address(path, abstractName);
          NativeException.check(sys().bind(fd, s.hold(addr), addr.limit()), "bind unix socket " + describe());
        }
      }
      structs = Scratch.allocate(CONTROL + CONTROL_SIZE);
      buffer = Scratch.allocate(MAX_DATAGRAM);
      long at = Scratch.address(structs);
      msgAt = at + MSG;
      pollFdAt = at + POLL;
      controlAt = at + CONTROL;
      bufferAt = Scratch.address(buffer);
      structs.putLong(MSG + Structs.MSG_IOV, at + IOV);
      structs.putLong(MSG + Structs.MSG_IOVLEN, 1);
      structs.putInt(POLL + Structs.POLL_FD, fd);
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

  /** An unbound socket, for sending, or for {@link #bindTo} later. */
  public static UnixDatagramSocket open() {
    return new UnixDatagramSocket(null, null);
  }

  /**
   * Binds this socket, opened unbound by {@link #open()}, to the filesystem path {@code path}
   * (which must not exist yet). A socket made ahead, before its address is known, costs that
   * moment this one {@code bind}: its memory and {@code SO_PASSCRED} are there already.
   *
   * @throws IllegalStateException when the socket is bound already, or closed
   * @throws IllegalArgumentException for a path longer than 107 bytes
   * @throws NativeException EADDRINUSE when the path exists, ENOENT for a missing directory…
   */
  public void bindTo(Path path) {
    guard.enter();
    try {
      synchronized (this) {
        if (this.path != null || abstractName != null) {
          throw new IllegalStateException(this + " is bound already");
        }
        ByteBuffer addr = address(path, null);
        try (Scratch s = new Scratch()) {
          NativeException.check(sys().bind(fd, s.hold(addr), addr.limit()), "bind unix socket " + path);
        }
        this.path = path;
      }
    } finally {
      guard.exit();
    }
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
    Path bound = path;
    return bound != null ? bound.toString() : abstractName != null ? "@" + abstractName : null;
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
    try (Scratch s = new Scratch()) {
      ByteBuffer addr = destination.startsWith("@")
          ? address(null, destination.substring(1))
          : address(Path.of(destination), null);
      ByteBuffer buf = s.buffer(Math.max(1, data.length)).put(0, data);
      long r = sys().sendto(fd, Scratch.address(buf), data.length, Syscalls.MSG_NOSIGNAL, s.hold(addr), addr.limit());
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
        structs.putLong(IOV + Structs.IOV_BASE, bufferAt);
        structs.putLong(IOV + Structs.IOV_LEN, MAX_DATAGRAM);
        structs.putLong(MSG + Structs.MSG_NAME, 0L);
        structs.putInt(MSG + Structs.MSG_NAMELEN, 0);
        structs.putLong(MSG + Structs.MSG_CONTROL, controlAt);
        structs.putLong(MSG + Structs.MSG_CONTROLLEN, CONTROL_SIZE);
        structs.putInt(MSG + Structs.MSG_FLAGS, 0);
        n = sys().recvmsg(fd, msgAt, flags);
      } while (n == -Errno.EINTR);
      if (n == -Errno.EAGAIN && timeoutMillis >= 0) {
        return null;
      }
      if (n < 0) {
        throw new NativeException("recvmsg on unix socket " + describe(), (int) n);
      }
      return parse((int) Math.min(n, MAX_DATAGRAM));
    } finally {
      guard.exit();
      Reference.reachabilityFence(this);
    }
  }

  /**
   * True when a datagram is waiting to be received (poll, without waiting).
   *
   * @throws NativeException when poll fails
   * @throws IllegalStateException after close
   */
  public boolean hasDatagram() {
    guard.enter();
    try {
      return waitReadable(0);
    } finally {
      guard.exit();
      Reference.reachabilityFence(this);
    }
  }

  private Datagram parse(int length) {
    int pid = 0;
    int uid = -1;
    int gid = -1;
    int dropped = 0;
    long controlLen = Math.min(CONTROL_SIZE, structs.getLong(MSG + Structs.MSG_CONTROLLEN));
    int off = 0;
    while (off + Structs.CMSG_DATA <= controlLen) {
      long len = structs.getLong(CONTROL + off + Structs.CMSG_LEN);
      if (len < Structs.CMSG_DATA || off + len > controlLen) {
        break;
      }
      int level = structs.getInt(CONTROL + off + Structs.CMSG_LEVEL);
      int type = structs.getInt(CONTROL + off + Structs.CMSG_TYPE);
      int data = CONTROL + off + Structs.CMSG_DATA;
      if (level == Syscalls.SOL_SOCKET && type == Syscalls.SCM_CREDENTIALS && len >= Structs.CMSG_LEN_UCRED) {
        pid = structs.getInt(data + Structs.UCRED_PID);
        uid = structs.getInt(data + Structs.UCRED_UID);
        gid = structs.getInt(data + Structs.UCRED_GID);
      } else if (level == Syscalls.SOL_SOCKET && type == Syscalls.SCM_RIGHTS) {
        for (int p = data; p + 4 <= CONTROL + off + len; p += 4) {
          Syscalls.close(structs.getInt(p));
          dropped++;
        }
      }
      off += Structs.align8((int) len);
    }
    byte[] bytes = new byte[length];
    buffer.get(0, bytes);
    return new Datagram(pid, uid, gid, bytes, dropped);
  }

  private boolean waitReadable(int timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (;;) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        left = 0;
      }
      structs.putShort(POLL + Structs.POLL_EVENTS, Syscalls.POLLIN);
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
    Path bound = path;
    if (bound != null) {
      // the socket is closed; a leftover file only blocks a later bind to the same path, which says so
      Syscalls.unlink(bound.toString());
    }
  }

  private String describe() {
    String address = notifySocketAddress();
    return address != null ? address : "(unbound)";
  }

  @Override
  public String toString() {
    return "UnixDatagramSocket[" + describe() + "]";
  }

  /** A {@code sockaddr_un} sized exactly for the path (NUL-terminated) or abstract name: its limit. */
  private static ByteBuffer address(Path path, String abstractName) {
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
    ByteBuffer addr = Scratch.allocate(Structs.SUN_PATH + name.length + extra);
    addr.putShort(Structs.SUN_FAMILY, (short) Syscalls.AF_UNIX);
    addr.put(Structs.SUN_PATH + (path != null ? 0 : 1), name);
    return addr;
  }
}
