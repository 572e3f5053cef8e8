package dev.rtnl4j.bench.jmh;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.MacAddress;
import dev.rtnl4j.rtnl.NamespaceRef;
import dev.rtnl4j.rtnl.RtnlDecoders;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's cost: encoding W1's veth-create request (target: 0 B/op) and decoding a dump of
 * 1,000 links (synthesised with the attributes the kernel sends for a veth), once into records
 * and once walking every attribute with the flyweight cursors only.
 *
 * <pre>java -jar bench/target/benchmarks.jar Codec -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class CodecBenchmark {
  private MessageWriter writer;
  private Request vethCreate;
  private ByteBuffer dump;
  private MessageCursor messages;
  private AttributeCursor attrs;
  private AttributeCursor nested;

  @Setup(Level.Trial)
  public void setUp() {
    writer = new MessageWriter(4096);
    vethCreate = Links.createRequest(LinkSpec.builder("ve-c123", Veth.withPeer(VethPeer.named("eth0").withIndex(2)
            .in(NamespaceRef.fd(42, "c123"))))
        .index(1234).mtu(1500).address(MacAddress.parse("02:00:00:00:04:d2")).up().build());
    dump = linkDump(1000);
    messages = new MessageCursor();
    attrs = new AttributeCursor();
    nested = new AttributeCursor();
  }

  /**
   * 1,000 RTM_NEWLINK messages shaped like the kernel's replies for veths (stats blobs included), in
   * a direct native-order buffer as a socket's receive view is.
   */
  static ByteBuffer linkDump(int n) {
    MessageWriter w = new MessageWriter(1 << 20);
    byte[] stats64 = new byte[200];
    byte[] afSpec = new byte[300];
    byte[] mac = {2, 0, 0, 0, 0, 0};
    byte[] brd = {-1, -1, -1, -1, -1, -1};
    for (int i = 0; i < n; i++) {
      int m = w.beginMessage(Rtm.RTM_NEWLINK, Nl.NLM_F_MULTI, 1, 4242);
      w.ifinfomsg(Rtm.AF_UNSPEC, Rtm.ARPHRD_ETHER, 100 + i, Rtm.IFF_UP | Rtm.IFF_BROADCAST | Rtm.IFF_MULTICAST, 0);
      w.string(Ifla.IFLA_IFNAME, "ve-c" + i);
      w.u32(Ifla.IFLA_TXQLEN, 1000);
      w.u8(Ifla.IFLA_OPERSTATE, Ifla.IF_OPER_UP);
      w.u8(Ifla.IFLA_LINKMODE, 0);
      w.u32(Ifla.IFLA_MTU, 1500);
      w.u32(Ifla.IFLA_MIN_MTU, 68);
      w.u32(Ifla.IFLA_MAX_MTU, 65535);
      w.u32(Ifla.IFLA_GROUP, 0);
      w.u32(Ifla.IFLA_PROMISCUITY, 0);
      w.u32(Ifla.IFLA_NUM_TX_QUEUES, 2);
      w.u32(Ifla.IFLA_NUM_RX_QUEUES, 2);
      w.u8(Ifla.IFLA_CARRIER, 1);
      w.string(Ifla.IFLA_QDISC, "noqueue");
      w.u32(Ifla.IFLA_CARRIER_CHANGES, 2);
      w.u8(Ifla.IFLA_PROTO_DOWN, 0);
      mac[5] = (byte) i;
      w.bytes(Ifla.IFLA_ADDRESS, mac);
      w.bytes(Ifla.IFLA_BROADCAST, brd);
      w.bytes(Ifla.IFLA_STATS64, stats64);
      int li = w.beginNested(Ifla.IFLA_LINKINFO);
      w.string(Ifla.IFLA_INFO_KIND, "veth");
      w.endNested(li);
      w.u32(Ifla.IFLA_LINK_NETNSID, i);
      w.u32(Ifla.IFLA_LINK, 2);
      w.bytes(Ifla.IFLA_AF_SPEC | Nl.NLA_F_NESTED, afSpec);
      w.endMessage(m);
    }
    return w.written();
  }

  /** Encodes W1's veth-create request into a reused off-heap writer. */
  @Benchmark
  public int encodeVethCreate() {
    MessageWriter w = writer.reset();
    int start = w.beginMessage(vethCreate.type(), vethCreate.flags() | Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, 17, 0);
    vethCreate.encodeBody(w);
    w.endMessage(start);
    return w.position();
  }

  /** Decodes the 1,000-link dump into {@link dev.rtnl4j.rtnl.Link} records. */
  @Benchmark
  public List<Object> decodeLinkDump1000() {
    return RtnlDecoders.decodeAll(dump);
  }

  /** Walks every message and attribute of the 1,000-link dump with the cursors (no records). */
  @Benchmark
  public long walkLinkDump1000() {
    long sum = 0;
    messages.reset(dump, 0, dump.limit());
    while (messages.next()) {
      AttributeCursor a = messages.attributes(Ifla.IFINFOMSG_LEN, "ifinfomsg", attrs);
      while (a.next()) {
        sum += a.type() + a.payloadLength();
        if (a.type() == Ifla.IFLA_LINKINFO) {
          a.nested(nested);
          while (nested.next()) {
            sum += nested.type();
          }
        }
      }
    }
    return sum;
  }
}
