package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.RawAttribute;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.proto.Request;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input: 120,000 mutated rtnetlink messages (seeded, deterministic) — from messages this
 * library encodes and from replies captured from the real kernel — are each decoded; every decode
 * either succeeds with values inside their bounds or throws {@link MalformedMessageException},
 * never another exception, and always ends.
 */
class DecoderFuzzTest {
  private static final int MUTATIONS = 120_000;
  private static final long SEED = 0x5eed_0f_4715L;

  private static byte[] bytes(MessageWriter w) {
    return w.toByteArray();
  }

  private static byte[] encoded(Request r, int seq) {
    MessageWriter w = new MessageWriter(512);
    int start = w.beginMessage(r.type(), r.flags() | Nl.NLM_F_REQUEST, seq, 0);
    r.encodeBody(w);
    w.endMessage(start);
    return bytes(w);
  }

  /** Seeds from our own encoders (requests share the reply format) and synthetic kernel errors. */
  static List<byte[]> encodedSeeds() {
    InetAddress a4 = Literal.ip("10.1.2.3");
    InetAddress g4 = Literal.ip("10.1.2.1");
    InetAddress a6 = Literal.ip("2001:db8::5");
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(encoded(Links.createRequest(LinkSpec.builder("ve-c1", Veth.withPeer(VethPeer.named("eth0").withIndex(2)
        .withAddress(MacAddress.parse("02:00:00:00:00:02")).in(NamespaceRef.fd(7, "c1")))).index(9).mtu(1400)
        .address(MacAddress.parse("02:00:00:00:00:01")).master(3).up().build()), 1));
    seeds.add(encoded(Links.createRequest(LinkSpec.builder("br0", Bridge.defaults().withStp(true)
        .withForwardDelay(Duration.ofSeconds(4)).withVlanFiltering(true).withAgeingTime(Duration.ofSeconds(30))).build()), 2));
    seeds.add(encoded(Links.changeRequest(LinkRef.index(5), LinkChange.none().up().rename("n5").alias("x").txQueueLength(9).noMaster()), 3));
    seeds.add(encoded(Links.createRequest(LinkSpec.builder("odd0", new UnknownKind("vxlan",
        List.of(new RawAttribute(1, new byte[] {1, 0, 0, 0}), new RawAttribute(2 | Nl.NLA_F_NESTED, new byte[] {8, 0, 1, 0, 9, 9, 9, 9}))))
        .build()), 4));
    seeds.add(encoded(Addresses.addRequest(AddressSpec.of(4, a4, 24).withBroadcast(Literal.ip("10.1.2.255"))
        .withLabel("eth0:1").withLifetimes(100, 50).withFlags(0x300).withMetric(7)), 5));
    seeds.add(encoded(Addresses.addRequest(AddressSpec.of(4, a6, 64).noDad()), 6));
    seeds.add(encoded(Routes.addRequest(RouteSpec.to(a4, 32).via(g4).table(1000).metric(5).source(a4).onlink().build()), 7));
    seeds.add(encoded(Routes.addRequest(RouteSpec.to(Literal.ip("10.9.0.0"), 16)
        .nexthops(List.of(Nexthop.via(g4, 3).withWeight(4), Nexthop.via(Literal.ip("10.1.2.9"), 0).withOnlink())).build()), 8));
    seeds.add(encoded(Routes.addRequest(RouteSpec.defaultRoute(Rtm.AF_INET6).via(Literal.ip("fe80::1")).dev(2).build()), 9));
    seeds.add(encoded(Neighbours.addRequest(NeighbourSpec.permanent(4, a4, MacAddress.parse("02:00:00:00:00:03"))), 10));
    seeds.add(encoded(Neighbours.replaceRequest(NeighbourSpec.reachable(4, a6, MacAddress.parse("02:00:00:00:00:04")).asRouter()), 11));
    // a kernel error with extended acknowledgement, and a plain ack
    MessageWriter w = new MessageWriter(256);
    int m = w.beginMessage(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS, 10, 99);
    w.nlmsgerr(-34, 64, Rtm.RTM_NEWLINK, 0x605, 10, 99);
    w.string(Nl.NLMSGERR_ATTR_MSG, "Attribute failed policy validation");
    w.u32(Nl.NLMSGERR_ATTR_OFFS, 36);
    w.bytes(Nl.NLMSGERR_ATTR_COOKIE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    w.u32(Nl.NLMSGERR_ATTR_MISS_TYPE, Ifla.IFLA_IFNAME);
    w.u32(Nl.NLMSGERR_ATTR_MISS_NEST, 20);
    w.endMessage(m);
    m = w.beginMessage(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED, 11, 99);
    w.nlmsgerr(0, 40, Rtm.RTM_NEWADDR, 0x605, 11, 99);
    w.endMessage(m);
    seeds.add(bytes(w));
    return seeds;
  }

  /** Replies captured from the real kernel (links, addresses, routes of the sandbox namespace). */
  static List<byte[]> kernelSeeds() {
    Sandbox.require();
    List<byte[]> seeds = new ArrayList<>();
    try (Rtnl rtnl = Rtnl.open()) {
      rtnl.links().create(LinkSpec.builder("fz0", Veth.withPeer(VethPeer.named("fz0p"))).index(55).up().build());
      rtnl.links().create(LinkSpec.builder("fzbr", Bridge.defaults().withStp(true)).index(56).build());
      rtnl.links().change(LinkRef.index(55), LinkChange.none().master(56).alias("fuzz"));
      rtnl.links().addAltName(LinkRef.index(55), "fuzz-alternative-name");
      rtnl.links().setUp(LinkRef.name("fz0p"));
      rtnl.addresses().add(AddressSpec.of(55, Literal.ip("10.55.0.1"), 24).withLabel("fz0:a").withLifetimes(99, 9));
      rtnl.addresses().add(AddressSpec.of(55, Literal.ip("2001:db8:55::1"), 64).noDad());
      rtnl.routes().add(RouteSpec.to(Literal.ip("10.56.0.0"), 16)
          .nexthops(List.of(Nexthop.via(Literal.ip("10.55.0.2"), 55).withWeight(2))).build());
      rtnl.routes().add(RouteSpec.to(Literal.ip("10.57.0.0"), 16).via(Literal.ip("10.55.0.3")).table(777).build());
      for (int type : new int[] {Rtm.RTM_GETLINK, Rtm.RTM_GETADDR, Rtm.RTM_GETROUTE}) {
        Request dump = new Request() {
          @Override
          public int type() {
            return type;
          }

          @Override
          public int flags() {
            return 0;
          }

          @Override
          public void encodeBody(MessageWriter w) {
            switch (type) {
              case Rtm.RTM_GETLINK -> w.ifinfomsg(0, 0, 0, 0, 0);
              case Rtm.RTM_GETADDR -> w.ifaddrmsg(0, 0, 0, 0, 0);
              default -> w.rtmsg(0, 0, 0, 0, 0, 0, 0, 0, 0);
            }
          }

          @Override
          public String describe() {
            return "capture " + Rtm.typeName(type);
          }
        };
        seeds.addAll(rtnl.channel().dump(dump, DecoderFuzzTest::copy).items());
      }
      rtnl.links().delete(LinkRef.index(55));
      rtnl.links().delete(LinkRef.index(56));
    }
    return seeds;
  }

  private static byte[] copy(MessageCursor c) {
    byte[] b = new byte[c.length()];
    c.buffer().get(c.offset(), b, 0, b.length);
    return b;
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void mutatedMessagesDecodeWithinBoundsOrFailCleanly() {
    List<byte[]> seeds = new ArrayList<>(encodedSeeds());
    List<byte[]> captured = kernelSeeds();
    assertTrue(captured.size() >= 8, "captured kernel replies: " + captured.size());
    seeds.addAll(captured);
    // every seed decodes as it is
    for (byte[] s : seeds) {
      checkBounds(RtnlDecoders.decodeAll(buffer(s)), s.length);
    }
    SplittableRandom random = new SplittableRandom(SEED);
    int decoded = 0;
    int malformed = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] m = mutate(seed, random);
      ByteBuffer buf = buffer(m);
      try {
        List<Object> out = RtnlDecoders.decodeAll(buf);
        checkBounds(out, m.length);
        assertSameRecords(out, RtnlDecoders.decodeAll(heap(m)), i);
        decoded++;
      } catch (MalformedMessageException e) {
        assertTrue(e.offset() >= 0 && e.offset() <= m.length, "offset inside the buffer: " + e.getMessage());
        assertSameRefusal(e, m, i);
        malformed++;
      } catch (RuntimeException e) {
        fail("mutation " + i + " (seed " + SEED + ") threw " + e + " instead of MalformedMessageException", e);
      }
    }
    System.out.println("fuzz: " + seeds.size() + " seeds (" + captured.size() + " captured from the kernel), "
        + MUTATIONS + " mutations: " + decoded + " decoded within bounds, " + malformed + " malformed");
    assertEquals(MUTATIONS, decoded + malformed);
    assertTrue(decoded > MUTATIONS / 20 && malformed > MUTATIONS / 20,
        "mutations reach both outcomes: decoded " + decoded + ", malformed " + malformed);
  }

  /** The bytes in a direct buffer of exactly their length, as a socket's datagram view is read. */
  private static ByteBuffer buffer(byte[] b) {
    return ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder()).put(0, b);
  }

  /** The bytes in a heap buffer of exactly their length, in native order. */
  private static ByteBuffer heap(byte[] b) {
    return ByteBuffer.wrap(b.clone()).order(ByteOrder.nativeOrder());
  }

  /** decodeAll of a heap buffer gives what it gave for the direct one. */
  private static void assertSameRecords(List<Object> fromBuffer, List<Object> fromSegment, int mutation) {
    assertEquals(fromBuffer.size(), fromSegment.size(), "mutation " + mutation);
    for (int k = 0; k < fromBuffer.size(); k++) {
      assertEquals(comparable(fromBuffer.get(k)), comparable(fromSegment.get(k)), "mutation " + mutation + ", record " + k);
    }
  }

  /** decodeAll of a heap buffer refuses what it refused for the direct one, with the same words and offset. */
  private static void assertSameRefusal(MalformedMessageException fromBuffer, byte[] m, int mutation) {
    try {
      RtnlDecoders.decodeAll(heap(m));
      fail("mutation " + mutation + ": the heap buffer decoded what the direct one refused: " + fromBuffer.getMessage());
    } catch (MalformedMessageException e) {
      assertEquals(fromBuffer.getMessage(), e.getMessage(), "mutation " + mutation);
      assertEquals(fromBuffer.offset(), e.offset(), "mutation " + mutation);
    }
  }

  /** A record as something equals() compares by value (an ErrorMessage's cookie is an array). */
  private static Object comparable(Object record) {
    if (record instanceof ErrorMessage e) {
      return List.of(e.errno(), e.requestType(), e.requestFlags(), e.requestSequence(), String.valueOf(e.message()),
          e.offendingOffset(), java.util.Arrays.toString(e.cookie()), e.missingType(), e.missingNest());
    }
    return record;
  }

  private static void checkBounds(List<Object> out, int length) {
    for (Object o : out) {
      if (o instanceof Link l) {
        assertTrue(l.name() != null && l.name().length() <= length);
        assertTrue(l.address() == null || l.address().length() <= 32);
        l.unknown().forEach(r -> assertTrue(r.length() <= length));
      } else if (o instanceof Address a) {
        int bits = a.family() == Rtm.AF_INET ? 32 : 128;
        assertTrue(a.prefixLength() >= 0 && a.prefixLength() <= bits);
        assertTrue(a.ip() != null && a.ip().getAddress().length * 8 == bits);
        assertTrue(a.label() == null || a.label().length() <= length);
      } else if (o instanceof Route r) {
        int bits = r.family() == Rtm.AF_INET ? 32 : 128;
        assertTrue(r.prefixLength() <= bits && r.sourceLength() <= bits);
        assertTrue(r.destination() == null || r.destination().getAddress().length * 8 == bits);
        r.nexthops().forEach(n -> assertTrue(n.weight() >= 1 && n.weight() <= 256 && n.linkIndex() >= 0));
      } else if (o instanceof Neighbour n) {
        int bytes = n.family() == Rtm.AF_INET ? 4 : 16;
        assertTrue(n.destination() == null || n.destination().getAddress().length == bytes);
        assertTrue(n.linkAddress() == null || n.linkAddress().length() <= length);
        n.unknown().forEach(r -> assertTrue(r.length() <= length));
      } else if (o instanceof ErrorMessage e) {
        assertTrue(e.errno() >= 0 && e.errno() <= 4095);
        assertTrue(e.message() == null || e.message().length() <= length);
      } else {
        fail("unexpected record " + o);
      }
    }
  }

  /** One to four mutations: bit flips, length fields set to hostile values, truncation, splices. */
  static byte[] mutate(byte[] seed, SplittableRandom r) {
    byte[] b = seed.clone();
    int rounds = 1 + r.nextInt(4);
    for (int k = 0; k < rounds && b.length > 0; k++) {
      switch (r.nextInt(7)) {
        case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 2 -> { // an attribute-length-sized field (u16) at a 4-byte boundary gets a hostile value
          if (b.length >= 20) {
            int at = 16 + 4 * r.nextInt((b.length - 18) / 4 + 1);
            int v = switch (r.nextInt(5)) {
              case 0 -> 0;
              case 1 -> r.nextInt(4);
              case 2 -> 0xffff;
              case 3 -> b.length - at + r.nextInt(16);
              default -> r.nextInt(64);
            };
            if (at + 1 < b.length) {
              b[at] = (byte) v;
              b[at + 1] = (byte) (v >> 8);
            }
          }
        }
        case 3 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
        case 4 -> { // nlmsg_len lies
          int v = r.nextInt(3) == 0 ? r.nextInt(16) : b.length + r.nextInt(-8, 64);
          if (b.length >= 4) {
            b[0] = (byte) v;
            b[1] = (byte) (v >> 8);
            b[2] = 0;
            b[3] = 0;
          }
        }
        case 5 -> { // duplicate a slice (grow), fixing nlmsg_len so the inside is walked
          int from = r.nextInt(b.length);
          int len = r.nextInt(Math.min(32, b.length - from) + 1);
          byte[] grown = new byte[b.length + len];
          System.arraycopy(b, 0, grown, 0, from + len);
          System.arraycopy(b, from, grown, from + len, b.length - from);
          b = grown;
          fixLength(b);
        }
        default -> { // mutate inside, keep the outer length truthful
          int at = b.length > 16 ? 16 + r.nextInt(b.length - 16) : r.nextInt(b.length);
          b[at] ^= (byte) (1 + r.nextInt(255));
          fixLength(b);
        }
      }
    }
    return b;
  }

  private static void fixLength(byte[] b) {
    if (b.length >= 4) {
      int v = b.length;
      b[0] = (byte) v;
      b[1] = (byte) (v >> 8);
      b[2] = (byte) (v >> 16);
      b[3] = (byte) (v >> 24);
    }
  }
}
