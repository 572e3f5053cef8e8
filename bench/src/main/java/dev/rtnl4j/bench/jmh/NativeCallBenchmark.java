package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeBackend;
import dev.rtnl4j.sys.NativeBackends;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the native layer's calls: a downcall without and with errno capture, a socket
 * option read on a netlink socket, and a whole rtnetlink round trip ({@code RTM_GETLINK} of
 * {@code lo}, ifindex 1, read only). Every one is meant to allocate nothing: check with
 * {@code -prof gc} (gc.alloc.rate.norm).
 *
 * <p>The {@code backend*} benchmarks make the same kinds of call through each {@link NativeBackend}
 * ({@code -p backend=ffm,jna}): the FFM downcalls against JNA's direct mapping, on raw addresses of
 * direct buffers. On JDK 17–21 only {@code -p backend=jna} runs (there is no FFM backend there).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar NativeCall -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NativeCallBenchmark {
  private static final short RTM_GETLINK = 18;
  private static final short NLM_F_REQUEST = 1;


  private NetlinkSocket socket;
  private ByteBuffer request;

  @Setup(Level.Trial)
  public void open() {
    socket = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE);
    request = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
    request.putInt(0, 32);
    request.putShort(4, RTM_GETLINK);
    request.putShort(6, NLM_F_REQUEST);
    request.put(16, (byte) 0);
    request.putInt(20, 1);
  }

  @TearDown(Level.Trial)
  public void close() {
    socket.close();
  }

  /** libc getpid(): a system call, without errno capture. */
  @Benchmark
  public int getpidPlain() {
    return Syscalls.getpid();
  }

  /** syscall(SYS_getpid) with errno captured into the thread's buffer (thread-local lookup included). */
  @Benchmark
  public long getpidSyscallWithErrnoCapture() {
    return Syscalls.getpidSyscall();
  }

  /** getsockopt(SO_RCVBUF) on a netlink socket, errno captured into the socket's buffer, close-guarded. */
  @Benchmark
  public int getsockoptOnNetlinkSocket() {
    return socket.intOption(Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF);
  }

  /** One RTM_GETLINK request for lo and its RTM_NEWLINK reply: sendmsg + recvmsg(PEEK|TRUNC) + recvmsg. */
  @Benchmark
  public int rtmGetlinkLoRoundTrip() {
    int seq = socket.nextSequence();
    request.putInt(8, seq);
    socket.send(request, 0, 32);
    int n = socket.receiveDatagram(-1);
    ByteBuffer reply = socket.receiveBuffer();
    if (reply.getInt(8) != seq || reply.getInt(20) != 1) {
      throw new IllegalStateException("unexpected reply of " + n + " bytes");
    }
    return n;
  }

  /** One backend, a raw NETLINK_ROUTE socket bound to it, and the direct buffers its calls use. */
  @State(Scope.Thread)
  public static class Backend {
    static final int REPLY = 192;

    @Param({"ffm", "jna"})
    public String backend;

    NativeBackend nb;
    int fd;
    ByteBuffer memory;
    long request;
    long kernel;
    long reply;
    long option;
    long optionLen;
    long sigset;

    @Setup(Level.Trial)
    public void open() {
      nb = NativeBackends.named(backend);
      fd = nb.socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, NetlinkSocket.NETLINK_ROUTE);
      if (fd < 0) {
        throw new IllegalStateException("socket(AF_NETLINK): " + Errno.name(fd));
      }
      // one block: request (32) at 0, kernel's sockaddr_nl (12) at 32, option value and length at
      // 48/52, a sigset_t (128) at 64, reply at REPLY
      memory = ByteBuffer.allocateDirect(REPLY + 8192).order(ByteOrder.nativeOrder());
      long base = nb.address(memory);
      memory.putInt(0, 32).putShort(4, RTM_GETLINK).putShort(6, NLM_F_REQUEST).putInt(20, 1);
      memory.putShort(32, (short) Syscalls.AF_NETLINK);
      request = base;
      kernel = base + 32;
      option = base + 48;
      optionLen = base + 52;
      sigset = base + 64;
      reply = base + REPLY;
    }

    @TearDown(Level.Trial)
    public void close() {
      nb.close(fd);
    }
  }

  /** sigemptyset(): a C library function that makes no system call, so the backend's own cost per call. */
  @Benchmark
  public int backendSigemptyset(Backend b) {
    return b.nb.sigemptyset(b.sigset);
  }

  /** getpid() through the backend. */
  @Benchmark
  public int backendGetpid(Backend b) {
    return b.nb.getpid();
  }

  /** gettid() through the backend's syscall(2), errno read only on failure. */
  @Benchmark
  public int backendGettidSyscall(Backend b) {
    return b.nb.gettid();
  }

  /** close(-1): a call that fails, so errno is read (EBADF). */
  @Benchmark
  public int backendFailingCloseReadsErrno(Backend b) {
    return b.nb.close(-1);
  }

  /** getsockopt(SO_RCVBUF) on the raw netlink socket. */
  @Benchmark
  public int backendGetsockopt(Backend b) {
    b.memory.putInt(52, 4);
    int r = b.nb.getsockopt(b.fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, b.option, b.optionLen);
    return r < 0 ? r : b.memory.getInt(48);
  }

  /** RTM_GETLINK of lo and its RTM_NEWLINK reply on the raw socket: sendto + recvfrom (two system calls). */
  @Benchmark
  public long backendRtmGetlinkLoRoundTrip(Backend b) {
    int seq = b.memory.getInt(8) + 1;
    b.memory.putInt(8, seq);
    long sent = b.nb.sendto(b.fd, b.request, 32, 0, b.kernel, 12);
    long n = b.nb.recvfrom(b.fd, b.reply, 8192, 0, 0, 0);
    if (sent != 32 || n < 32 || b.memory.getInt(Backend.REPLY + 8) != seq || b.memory.getInt(Backend.REPLY + 20) != 1) {
      throw new IllegalStateException("unexpected reply of " + n + " bytes (sent " + sent + ")");
    }
    return n;
  }
}
