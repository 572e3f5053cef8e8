package dev.rtnl4j.sys;

import static dev.rtnl4j.sys.Structs.IOV_BASE;
import static dev.rtnl4j.sys.Structs.IOV_LEN;
import static dev.rtnl4j.sys.Structs.MSG_CONTROL;
import static dev.rtnl4j.sys.Structs.MSG_CONTROLLEN;
import static dev.rtnl4j.sys.Structs.MSG_FLAGS;
import static dev.rtnl4j.sys.Structs.MSG_IOV;
import static dev.rtnl4j.sys.Structs.MSG_IOVLEN;
import static dev.rtnl4j.sys.Structs.MSG_NAME;
import static dev.rtnl4j.sys.Structs.MSG_NAMELEN;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A netlink socket ({@code AF_NETLINK}, {@code SOCK_RAW | SOCK_CLOEXEC}) bound to a kernel-chosen
 * port id, in the network namespace of the thread that opened it.
 *
 * <p>On open, {@code NETLINK_EXT_ACK}, {@code NETLINK_CAP_ACK} and {@code NETLINK_GET_STRICT_CHK}
 * are switched on (a kernel that answers {@code ENOPROTOOPT} is tolerated; see
 * {@link #extendedAck()} and friends). Receives size themselves with {@code MSG_PEEK|MSG_TRUNC}
 * into an off-heap buffer owned by the socket (32 KiB at first) that grows when a larger datagram
 * arrives; nothing is allocated per message. Sockets opened and closed often take their memory
 * from a {@link SocketMemory} ({@link #open(int, int, SocketMemory)}).
 *
 * <p>Memory: the socket's structs and buffers are direct, native-order {@link ByteBuffer}s whose
 * addresses are taken once; they are released by the garbage collector, never explicitly, so a
 * buffer handed out ({@link #receive()}, {@link #receiveBuffer()}, {@link #sendBuffer()}) stays
 * safe to read after close (with a {@link SocketMemory}, it then shows the block's next user's
 * bytes). {@link #close()} closes the fd at once (or when the call in flight returns) and gives a
 * pooled block back.
 *
 * <p>Threads: {@link #send} and the receive methods must not be called by two threads at once
 * (the protocol layer serialises them); {@link #close} may be called from any thread at any time.
 * A call in flight when another thread closes the socket finishes with the fd still open (the fd
 * is closed when the last in-flight call returns, never reused under it); every call that starts
 * after close throws {@link IllegalStateException}. A receive blocked without timeout only
 * returns when a datagram arrives: use {@link #receive(int)} in loops that must notice a close.
 *
 * <p>Failures of system calls throw {@link NativeException} (with the errno name, e.g.
 * {@code ENOBUFS} when an event socket overran). The calls go through this JVM's
 * {@link NativeBackends#get() native backend} (FFM or JNA); opening throws
 * {@link IllegalStateException}, saying why, when the backend named by {@code -Drtnl4j.backend} or
 * {@code RTNL4J_BACKEND} cannot be used.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** {@code NETLINK_ROUTE}: rtnetlink. */
  public static final int NETLINK_ROUTE = 0;
  /** {@code NETLINK_SOCK_DIAG}. */
  public static final int NETLINK_SOCK_DIAG = 4;
  /** {@code NETLINK_NETFILTER}. */
  public static final int NETLINK_NETFILTER = 12;
  /** {@code NETLINK_KOBJECT_UEVENT}. */
  public static final int NETLINK_KOBJECT_UEVENT = 15;
  /** {@code NETLINK_GENERIC}. */
  public static final int NETLINK_GENERIC = 16;

  /** {@code SOL_NETLINK}. */
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_DROP_MEMBERSHIP = 2;
  public static final int NETLINK_PKTINFO = 3;
  public static final int NETLINK_BROADCAST_ERROR = 4;
  public static final int NETLINK_NO_ENOBUFS = 5;
  public static final int NETLINK_LISTEN_ALL_NSID = 8;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  /** The receive buffer's size at first (32 KiB), as the kernel's own dump chunks. */
  public static final int DEFAULT_BUFFER_SIZE = 32 * 1024;

  private final int fd;
  private final int protocol;
  private final int portId;
  private final boolean extAck;
  private final boolean capAck;
  private final boolean strictCheck;
  private final AtomicInteger sequence = new AtomicInteger();
  private final CloseGuard guard;

  /** Where the block came from (given back on close), or null when the socket allocated it. */
  private final SocketMemory memory;
  private final SocketBlock block;
  /** The block's control part: structs at the offsets of {@link SocketBlock}. */
  private final ByteBuffer control;
  /** Addresses of the structs the system calls take, read once. */
  private final long sendMsgAt;
  private final long recvMsgAt;
  private final long pollFdAt;
  private final long optValueAt;
  private final long optLenAt;

  /** The receive buffer (whole capacity, native order), its address, and the datagram view over it. */
  private ByteBuffer buffer;
  private long bufferAt;
  private ByteBuffer datagram;
  /** The buffer last sent from and its address, so that a writer's buffer is looked up once. */
  private ByteBuffer sendSource;
  private long sendSourceAt;

  /** Opens a netlink socket of {@code protocol} (e.g. {@link #NETLINK_ROUTE}) joined to no group. */
  public static NetlinkSocket open(int protocol) {
    return open(protocol, 0);
  }

  /**
   * Opens a netlink socket of {@code protocol} bound with the multicast groups of the legacy
   * {@code groupsMask} (bit {@code n-1} for group {@code n}; groups above 32 with
   * {@link #joinGroup}).
   *
   * @throws NativeException if socket, bind or getsockname fail (EPROTONOSUPPORT for an unknown
   *     protocol…); nothing stays open then
   */
  public static NetlinkSocket open(int protocol, int groupsMask) {
    return new NetlinkSocket(protocol, groupsMask, null);
  }

  /**
   * Opens a netlink socket as {@link #open(int, int)} does, with its native memory taken from
   * {@code memory} and given back on close: for sockets opened and closed often (one per
   * container namespace), whose open and close then cost their system calls alone.
   *
   * @throws NativeException if socket, bind or getsockname fail; nothing stays open then
   * @throws IllegalStateException if {@code memory} is closed
   */
  public static NetlinkSocket open(int protocol, int groupsMask, SocketMemory memory) {
    return new NetlinkSocket(protocol, groupsMask, Objects.requireNonNull(memory, "memory"));
  }

  /**
   * Opens a netlink socket that belongs to the network namespace open as {@code netnsFd}: the
   * socket is created on a dedicated platform thread inside it ({@link NetnsRunner#call(int,
   * java.util.concurrent.Callable)}); the calling thread never changes namespace.
   *
   * @throws NativeException when the namespace cannot be entered (EINVAL: not a network
   *     namespace) or the socket cannot be opened
   */
  public static NetlinkSocket openIn(int netnsFd, int protocol, int groupsMask) {
    try {
      return NetnsRunner.call(netnsFd, () -> open(protocol, groupsMask));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("opening a netlink socket in namespace fd " + netnsFd + " failed", e);
    }
  }

  /**
   * Opens a netlink socket that belongs to the network namespace at {@code netnsPath}
   * ({@code /run/netns/NAME}, {@code /proc/PID/ns/net}).
   *
   * @throws NativeException when the namespace cannot be opened (ENOENT) or entered, or the
   *     socket cannot be opened
   */
  public static NetlinkSocket openIn(Path netnsPath, int protocol, int groupsMask) {
    int fd = NetnsRunner.openNamespace(netnsPath);
    try {
      return openIn(fd, protocol, groupsMask);
    } finally {
      Syscalls.close(fd);
    }
  }

  private NetlinkSocket(int protocol, int groupsMask, SocketMemory memory) {
    this.protocol = protocol;
    this.guard = new CloseGuard(this, this::release0);
    this.memory = memory;
    this.block = memory == null ? SocketBlock.allocate() : memory.lease();
    int fd = -1;
    try {
      control = block.control();
      long at = block.controlAt();
      control.putShort(SocketBlock.KERNEL_ADDR + Structs.NL_FAMILY, (short) Syscalls.AF_NETLINK);
      control.putLong(SocketBlock.SEND_MSG + MSG_NAME, at + SocketBlock.KERNEL_ADDR);
      control.putInt(SocketBlock.SEND_MSG + MSG_NAMELEN, Structs.SOCKADDR_NL);
      control.putLong(SocketBlock.SEND_MSG + MSG_IOV, at + SocketBlock.SEND_IOV);
      control.putLong(SocketBlock.SEND_MSG + MSG_IOVLEN, 1);
      control.putLong(SocketBlock.RECV_MSG + MSG_IOV, at + SocketBlock.RECV_IOV);
      control.putLong(SocketBlock.RECV_MSG + MSG_IOVLEN, 1);
      sendMsgAt = at + SocketBlock.SEND_MSG;
      recvMsgAt = at + SocketBlock.RECV_MSG;
      pollFdAt = at + SocketBlock.POLL_FD;
      optValueAt = at + SocketBlock.OPT_VALUE;
      optLenAt = at + SocketBlock.OPT_LEN;
      useBuffer(block.buffer(), block.bufferAt());

      fd = NativeException.check(
          sys().socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, protocol),
          "socket(AF_NETLINK, protocol " + protocol + ")");
      this.fd = fd;
      control.putInt(SocketBlock.POLL_FD + Structs.POLL_FD, fd);
      extAck = optionalFlag(NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
      capAck = optionalFlag(NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
      strictCheck = optionalFlag(NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK");

      control.putShort(SocketBlock.LOCAL_ADDR + Structs.NL_FAMILY, (short) Syscalls.AF_NETLINK);
      control.putInt(SocketBlock.LOCAL_ADDR + Structs.NL_GROUPS, groupsMask);
      long local = at + SocketBlock.LOCAL_ADDR;
      NativeException.check(sys().bind(fd, local, Structs.SOCKADDR_NL), "bind netlink socket");
      control.putInt(SocketBlock.OPT_LEN, Structs.SOCKADDR_NL);
      NativeException.check(sys().getsockname(fd, local, optLenAt), "getsockname of netlink socket");
      this.portId = control.getInt(SocketBlock.LOCAL_ADDR + Structs.NL_PID);
    } catch (RuntimeException | Error e) {
      if (fd >= 0) {
        sys().close(fd);
      }
      freeMemory();
      throw e;
    } finally {
      Reference.reachabilityFence(block);
    }
  }

  private void useBuffer(ByteBuffer b, long address) {
    buffer = b;
    bufferAt = address;
    datagram = Scratch.nativeView(b);
  }

  private void freeMemory() {
    if (memory != null) {
      memory.giveBack(block);
    }
  }

  /** This JVM's backend: a constant once compiled (a static final chosen once), so the call inlines. */
  private static NativeBackend sys() {
    return NativeBackends.get();
  }

  private boolean optionalFlag(int option, String name) {
    control.putInt(SocketBlock.OPT_VALUE, 1);
    int r = sys().setsockopt(fd, SOL_NETLINK, option, optValueAt, 4);
    if (r == -Errno.ENOPROTOOPT) {
      return false;
    }
    NativeException.check(r, "setsockopt(SOL_NETLINK, " + name + ")");
    return true;
  }

  // ---- lifecycle

  private void acquire() {
    guard.enter();
  }

  /** Ends a call: the socket (and so its memory, whose addresses the call used) is reachable up to here. */
  private void release() {
    guard.exit();
    Reference.reachabilityFence(this);
  }

  /** True once {@link #close} was called. */
  public boolean isClosed() {
    return guard.isClosed();
  }

  /**
   * Closes the socket; idempotent, callable from any thread. If another thread is inside a call on
   * this socket, the fd is closed when that call returns.
   */
  @Override
  public void close() {
    guard.close();
  }

  private void release0() {
    sys().close(fd);
    freeMemory();
  }

  // ---- identity and options

  /** The file descriptor (valid until close; do not close it yourself). */
  public int fd() {
    return fd;
  }

  /** The netlink protocol the socket was opened for. */
  public int protocol() {
    return protocol;
  }

  /** The port id the kernel assigned (nl_pid of the bound address). */
  public int portId() {
    return portId;
  }

  /** Whether NETLINK_EXT_ACK is on (false only on kernels without it). */
  public boolean extendedAck() {
    return extAck;
  }

  /** Whether NETLINK_CAP_ACK is on (error messages do not echo the request's payload). */
  public boolean cappedAck() {
    return capAck;
  }

  /** Whether NETLINK_GET_STRICT_CHK is on. */
  public boolean strictCheck() {
    return strictCheck;
  }

  /** The next sequence number for a request (never 0, which the kernel uses for notifications). */
  public int nextSequence() {
    for (;;) {
      int s = sequence.incrementAndGet();
      if (s != 0) {
        return s;
      }
    }
  }

  /** Joins multicast group {@code group} (a number, not a mask; any group, also above 32). */
  public void joinGroup(int group) {
    setIntOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
  }

  /** Leaves multicast group {@code group}. */
  public void leaveGroup(int group) {
    setIntOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
  }

  /**
   * Sets the kernel's receive buffer size ({@code SO_RCVBUFFORCE}, which may exceed
   * {@code rmem_max}; {@code SO_RCVBUF} when not permitted).
   */
  public void setReceiveBufferSize(int bytes) {
    acquire();
    try {
      control.putInt(SocketBlock.OPT_VALUE, bytes);
      int r = sys().setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUFFORCE, optValueAt, 4);
      if (r == -Errno.EPERM) {
        r = sys().setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, optValueAt, 4);
      }
      NativeException.check(r, "setsockopt(SO_RCVBUF, " + bytes + ")");
    } finally {
      release();
    }
  }

  /**
   * {@code setsockopt(level, name, value)} with an int value.
   *
   * @throws NativeException when the kernel refuses
   */
  public void setIntOption(int level, int name, int value) {
    acquire();
    try {
      control.putInt(SocketBlock.OPT_VALUE, value);
      int r = sys().setsockopt(fd, level, name, optValueAt, 4);
      if (r < 0) {
        throw new NativeException("setsockopt(level " + level + ", option " + name + ", " + value + ")", r);
      }
    } finally {
      release();
    }
  }

  /**
   * {@code getsockopt(level, name)} of an int option. Does not allocate.
   *
   * @throws NativeException when the kernel refuses
   */
  public int intOption(int level, int name) {
    acquire();
    try {
      control.putInt(SocketBlock.OPT_LEN, 4);
      int r = sys().getsockopt(fd, level, name, optValueAt, optLenAt);
      if (r < 0) {
        throw new NativeException("getsockopt(level " + level + ", option " + name + ")", r);
      }
      return control.getInt(SocketBlock.OPT_VALUE);
    } finally {
      release();
    }
  }

  // ---- send

  /**
   * Sends {@code length} bytes of {@code buffer} from index {@code offset} to the kernel in one
   * {@code sendmsg}: one netlink message or several concatenated ones (a batch). The buffer must be
   * direct; its address is looked up when it differs from the last one sent from (a writer's
   * buffer: once), and it is held until the call returned. Retries on EINTR; does not allocate.
   *
   * @throws NativeException when sendmsg fails (ENOBUFS, EMSGSIZE…)
   * @throws IllegalArgumentException for a heap buffer
   * @throws IndexOutOfBoundsException for a range outside {@code [0, buffer.limit())}
   * @throws IllegalStateException after close
   */
  public void send(ByteBuffer buffer, int offset, int length) {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("netlink send needs a direct (off-heap) buffer, not " + buffer);
    }
    Objects.checkFromIndexSize(offset, length, buffer.limit());
    acquire();
    try {
      if (buffer != sendSource) {
        sendSourceAt = sys().address(buffer);
        sendSource = buffer;
      }
      control.putLong(SocketBlock.SEND_IOV + IOV_BASE, sendSourceAt + offset);
      control.putLong(SocketBlock.SEND_IOV + IOV_LEN, length);
      long r;
      do {
        r = sys().sendmsg(fd, sendMsgAt, 0);
      } while (r == -Errno.EINTR);
      if (r < 0) {
        throw new NativeException("sendmsg on netlink socket (port " + portId + ")", (int) r);
      }
    } finally {
      Reference.reachabilityFence(buffer);
      release();
    }
  }

  /** Sends bytes {@code [position, limit)} of {@code message} (neither is changed). */
  public void send(ByteBuffer message) {
    send(message, message.position(), message.remaining());
  }

  // ---- receive

  /**
   * Blocks for one datagram and returns it: the socket's datagram view (native order, position 0,
   * limit the datagram's length) over its receive buffer, valid until the next receive on this
   * socket. The same view object each time until the buffer grows, so nothing is allocated.
   *
   * @throws NativeException when recvmsg fails (ENOBUFS: the socket overran and lost messages)
   * @throws IllegalStateException after close
   */
  public ByteBuffer receive() {
    return view(receiveDatagram(-1));
  }

  /**
   * Waits up to {@code timeoutMillis} for one datagram ({@code 0}: do not wait, negative: wait
   * forever) and returns it as {@link #receive()} does, or {@code null} when none came in time.
   */
  public ByteBuffer receive(int timeoutMillis) {
    int n = receiveDatagram(timeoutMillis);
    return n == 0 ? null : view(n);
  }

  /** Returns a datagram already queued, or {@code null} at once when there is none. */
  public ByteBuffer receiveNonBlocking() {
    return receive(0);
  }

  /**
   * The allocation-free receive: waits up to {@code timeoutMillis} ({@code 0}: do not wait,
   * negative: forever) for one datagram, copies it to the start of {@link #receiveBuffer()} and
   * returns its length, or 0 when none came in time.
   *
   * @throws NativeException when poll or recvmsg fail
   * @throws IllegalStateException after close
   */
  public int receiveDatagram(int timeoutMillis) {
    acquire();
    try {
      int flags = 0;
      if (timeoutMillis >= 0) {
        if (timeoutMillis > 0 && !waitReadable(timeoutMillis)) {
          return 0;
        }
        flags = Syscalls.MSG_DONTWAIT;
      }
      long n;
      for (;;) {
        pointAtBuffer();
        n = sys().recvmsg(fd, recvMsgAt, flags | Syscalls.MSG_PEEK | Syscalls.MSG_TRUNC);
        if (n >= 0) {
          break;
        }
        if (n == -Errno.EINTR) {
          continue;
        }
        if (n == -Errno.EAGAIN && (flags & Syscalls.MSG_DONTWAIT) != 0) {
          return 0;
        }
        throw new NativeException("recvmsg on netlink socket (port " + portId + ")", (int) n);
      }
      if (n > buffer.capacity()) {
        grow(n);
        pointAtBuffer();
      }
      long m;
      do {
        m = sys().recvmsg(fd, recvMsgAt, Syscalls.MSG_DONTWAIT);
      } while (m == -Errno.EINTR);
      if (m < 0) {
        throw new NativeException("recvmsg on netlink socket (port " + portId + ")", (int) m);
      }
      return (int) m;
    } finally {
      release();
    }
  }

  /**
   * The socket's receive buffer, direct and in native order, with position 0 and limit its
   * capacity (restored on each call); the datagram of the last {@link #receiveDatagram} is at its
   * start. The same object until a larger datagram makes the socket replace it.
   */
  public ByteBuffer receiveBuffer() {
    return buffer.clear();
  }

  /**
   * Native memory of the socket's own for composing requests in ({@value SocketBlock#SEND_BUFFER_SIZE}
   * bytes): a new native-order view of it on each call, so that a writer for this socket needs no
   * allocation of its own. Belongs to the socket until close (with a {@link SocketMemory}: reused
   * by the next socket afterwards).
   */
  public ByteBuffer sendBuffer() {
    return Scratch.nativeView(block.sendBuffer());
  }

  /** The port id that sent the last datagram received (0: the kernel). */
  public int lastSenderPort() {
    return control.getInt(SocketBlock.RECV_ADDR + Structs.NL_PID);
  }

  /** The multicast group mask the last datagram was sent to (0 for a unicast reply). */
  public int lastSenderGroups() {
    return control.getInt(SocketBlock.RECV_ADDR + Structs.NL_GROUPS);
  }

  private ByteBuffer view(int n) {
    datagram.limit(n).position(0);
    return datagram;
  }

  private void pointAtBuffer() {
    control.putLong(SocketBlock.RECV_IOV + IOV_BASE, bufferAt);
    control.putLong(SocketBlock.RECV_IOV + IOV_LEN, buffer.capacity());
    control.putLong(SocketBlock.RECV_MSG + MSG_NAME, block.controlAt() + SocketBlock.RECV_ADDR);
    control.putInt(SocketBlock.RECV_MSG + MSG_NAMELEN, Structs.SOCKADDR_NL);
    control.putLong(SocketBlock.RECV_MSG + MSG_CONTROL, 0L);
    control.putLong(SocketBlock.RECV_MSG + MSG_CONTROLLEN, 0L);
    control.putInt(SocketBlock.RECV_MSG + MSG_FLAGS, 0);
  }

  private void grow(long needed) {
    long size = buffer.capacity();
    while (size < needed) {
      size *= 2;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("netlink datagram of " + needed + " bytes is too large for a buffer");
    }
    // Rare (a datagram above 32 KiB): the old buffer is left to the garbage collector, so that a
    // view of it handed out earlier stays readable and a pooled block stays whole.
    ByteBuffer larger = Scratch.allocate((int) size);
    useBuffer(larger, sys().address(larger));
  }

  private boolean waitReadable(int timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    int wait = timeoutMillis;
    for (;;) {
      control.putShort(SocketBlock.POLL_FD + Structs.POLL_EVENTS, Syscalls.POLLIN);
      control.putShort(SocketBlock.POLL_FD + Structs.POLL_REVENTS, (short) 0);
      int r = sys().poll(pollFdAt, 1, wait);
      if (r > 0) {
        return true;
      }
      if (r == 0) {
        return false;
      }
      if (r != -Errno.EINTR) {
        throw new NativeException("poll on netlink socket (port " + portId + ")", r);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait = (int) Math.max(1, left / 1_000_000L);
    }
  }

  @Override
  public String toString() {
    return "NetlinkSocket[protocol " + protocol + ", port " + portId + ", fd " + fd + (isClosed() ? ", closed]" : "]");
  }
}
