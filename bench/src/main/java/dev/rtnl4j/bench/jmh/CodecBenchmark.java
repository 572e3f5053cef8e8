package dev.rtnl4j.bench.jmh;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.rtnl4j.bench.workload.WorkloadSpec;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Addresses;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Routes;
import dev.rtnl4j.rtnl.RtnlDecoders;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.sys.NetlinkSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's hot paths, no system call involved: encoding W1's veth create (peer in another
 * namespace, index chosen, up) and the container's whole host-side batch (veth, address, route)
 * into a reused buffer; decoding a 1,000-link {@code RTM_NEWLINK} dump made of copies of the
 * kernel's own reply for {@code lo} (every attribute the kernel sends: stats, af_spec, qdisc...).
 *
 * <pre>bin/rtnl4j jmh Codec -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CodecBenchmark {
  /** Links in the decoded dump. */
  public static final int DUMP_LINKS = 1000;

  private MessageWriter writer;
  private Request veth;
  private Request address;
  private Request route;
  private Arena arena;
  private MemorySegment dump;
  private int seq;

  @Setup(Level.Trial)
  public void setUp() {
    writer = new MessageWriter(4096);
    int i = 42;
    veth = Links.createRequest(LinkSpec.builder("ve-c" + i,
            Veth.withPeer(VethPeer.named("eth0").withIndex(2).in(NamespaceRef.fd(7, "c" + i))))
        .index(1000 + i).up().build());
    address = Addresses.addRequest(AddressSpec.of(1000 + i, WorkloadSpec.hipAddress(i), 32));
    route = Routes.addRequest(RouteSpec.to(WorkloadSpec.lipAddress(i), 32).dev(1000 + i).build());
    arena = Arena.ofShared();
    dump = dumpOfLinks(arena, DUMP_LINKS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    arena.close();
  }

  /** The kernel's RTM_NEWLINK for lo, copied {@code n} times with indexes 1..n, as one dump buffer. */
  static MemorySegment dumpOfLinks(Arena arena, int n) {
    MemorySegment one;
    try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE); Arena a = Arena.ofConfined()) {
      MemorySegment req = a.allocate(32, 8);
      req.set(JAVA_INT, 0, 32);
      req.set(JAVA_SHORT, 4, (short) Rtm.RTM_GETLINK);
      req.set(JAVA_SHORT, 6, (short) Nl.NLM_F_REQUEST);
      req.set(JAVA_INT, 8, s.nextSequence());
      req.set(JAVA_BYTE, 16, (byte) 0);
      req.set(JAVA_INT, 20, 1);
      s.send(req, 0, 32);
      int len = s.receiveDatagram(-1);
      one = Arena.ofAuto().allocate(len).copyFrom(s.receiveBuffer().asSlice(0, len));
    }
    int len = one.get(JAVA_INT, 0);
    int aligned = (len + 3) & ~3;
    MemorySegment all = arena.allocate((long) aligned * n, 8);
    for (int i = 0; i < n; i++) {
      MemorySegment m = all.asSlice((long) i * aligned, aligned);
      m.copyFrom(one.asSlice(0, len));
      m.set(JAVA_SHORT, 6, (short) (Nl.NLM_F_MULTI));
      m.set(JAVA_INT, 20, i + 1);
    }
    return all;
  }

  private void encode(Request r, int extraFlags) {
    int start = writer.beginMessage(r.type(), r.flags() | Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | extraFlags, ++seq, 0);
    r.encodeBody(writer);
    writer.endMessage(start);
  }

  /** One RTM_NEWLINK creating W1's veth (peer by namespace fd, peer index, host index, IFF_UP). */
  @Benchmark
  public int vethCreateEncode() {
    writer.reset();
    encode(veth, 0);
    return writer.position();
  }

  /** W1's host-side batch for one container: veth create, address, route, into one buffer. */
  @Benchmark
  public int w1HostBatchEncode() {
    writer.reset();
    encode(veth, 0);
    encode(address, 0);
    encode(route, 0);
    return writer.position();
  }

  /** Building the veth request itself (spec builder, validation) and encoding it. */
  @Benchmark
  public int vethSpecBuildAndEncode() {
    writer.reset();
    Request r = Links.createRequest(LinkSpec.builder("ve-c7",
        Veth.withPeer(VethPeer.named("eth0").withIndex(2).in(NamespaceRef.fd(7, "c7")))).index(1007).up().build());
    encode(r, 0);
    return writer.position();
  }

  /** Decoding a 1,000-link dump into {@code Link} records (the whole buffer; divide by 1,000 per link). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Object> linkDumpDecode1000() {
    return RtnlDecoders.decodeAll(dump);
  }
}
