package dev.rtnl4j.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.codec.Ifa;
import dev.rtnl4j.codec.Ifla;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Addresses;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkChange;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.Literal;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.testkit.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel against the real kernel: batches, error mapping, concurrency, dumps. */
class NetlinkChannelTest {
  private Rtnl rtnl;

  @BeforeEach
  void open() {
    Require.sandbox();
    rtnl = Rtnl.open();
  }

  @AfterEach
  void close() {
    for (Link l : rtnl.links().listByKind("veth")) {
      try {
        rtnl.links().delete(LinkRef.index(l.index()));
      } catch (KernelException ignored) {
        // its peer took it
      }
    }
    rtnl.close();
  }

  private static LinkSpec veth(String name) {
    return LinkSpec.builder(name, Veth.withPeer(VethPeer.named(name + "p"))).build();
  }

  @Test
  void batchReportsEachFailureAgainstTheRequestThatCausedIt() {
    BatchResult r = rtnl.channel().batch(List.of(
        Links.createRequest(veth("bt-a")),
        Links.createRequest(veth("bt-a")),
        Links.createRequest(veth("bt-b")),
        Links.deleteRequest(LinkRef.name("bt-none")),
        Links.changeRequest(LinkRef.name("bt-b"), LinkChange.none().mtu(1300))));
    assertEquals(5, r.requests());
    assertEquals(List.of(1, 3), r.failures().stream().map(BatchResult.Failure::index).toList());
    assertEquals(List.of(Errno.EEXIST, Errno.ENODEV), r.failures().stream().map(BatchResult.Failure::errno).toList(),
        "the errno, without the exception");
    assertSame(r.failures().get(0).error(), r.failures().get(0).error(), "the exception is made once");
    assertEquals("EEXIST", r.failures().get(0).error().errnoName());
    assertEquals("create veth bt-a (peer bt-ap)", r.failures().get(0).error().operation());
    assertEquals("ENODEV", r.failures().get(1).error().errnoName());
    assertEquals("delete link bt-none", r.failures().get(1).error().operation());
    assertEquals(1300, rtnl.links().get(LinkRef.name("bt-b")).mtu(), "requests after a failure still ran");
    KernelException thrown = assertThrows(KernelException.class, r::throwIfFailed);
    assertEquals(1, thrown.getSuppressed().length);
    assertSame(thrown, assertThrows(KernelException.class, r::throwIfFailed), "the same exception again");
    assertEquals(1, thrown.getSuppressed().length, "its suppressed failures not attached twice");
    BatchResult again = rtnl.channel().batch(List.of(
        Links.deleteRequest(LinkRef.name("bt-none")), Links.createRequest(veth("bt-a"))));
    KernelException unexpected = assertThrows(KernelException.class, () -> again.throwIfFailedOtherThan(Errno.ENODEV));
    assertEquals("EEXIST", unexpected.errnoName(), "the ENODEV counts as none");
    assertEquals(0, unexpected.getSuppressed().length);
    rtnl.channel().batch(List.of(Links.deleteRequest(LinkRef.name("bt-none")))).throwIfFailedOtherThan(Errno.ENODEV);
  }

  @Test
  void pipelineAckingOnlyTheLastRequestStillReportsEveryFailureAgainstItsRequest() {
    try (Pipeline p = rtnl.channel().pipelineAckingLast()) {
      p.submit(Links.createRequest(veth("al-a")));
      p.submit(Links.createRequest(veth("al-a")));          // EEXIST, in the middle
      p.submit(Links.createRequest(veth("al-b")));
      p.flush();
      p.submit(Links.createRequest(veth("al-c")));
      p.submit(Links.deleteRequest(LinkRef.name("al-none"))); // ENODEV, last of its sendmsg
      p.flush();
      assertEquals(5, p.outstanding());
      p.drain(0);
      assertEquals(0, p.outstanding());
      for (int i = 0; i < 300; i++) { // more than the in-flight bound, one sendmsg each
        p.submit(Links.changeRequest(LinkRef.name("al-c"), LinkChange.none().mtu(1280 + i % 100)));
        p.flush();
      }
      p.submit(Links.deleteRequest(LinkRef.name("al-none2")));
      BatchResult r = p.finish();
      assertEquals(306, r.requests());
      assertEquals(List.of(1, 4, 305), r.failures().stream().map(BatchResult.Failure::index).toList());
      assertEquals("EEXIST", r.failures().get(0).error().errnoName());
      assertEquals("delete link al-none", r.failures().get(1).error().operation());
      assertEquals("delete link al-none2", r.failures().get(2).error().operation());
    }
    assertEquals(1280 + 299 % 100, rtnl.links().get(LinkRef.name("al-c")).mtu());
    assertEquals("al-b", rtnl.links().get(LinkRef.name("al-b")).name());
  }

  @Test
  void largeBatchIsSplitAcrossSendmsgsAndEveryAckIsMatched() {
    rtnl.links().create(LinkSpec.builder("bt-big", Veth.withPeer(VethPeer.named("bt-bigp"))).index(333).build());
    List<Request> adds = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      adds.add(Addresses.addRequest(AddressSpec.of(333, Literal.ip("10.77." + (i / 250) + "." + (i % 250 + 1)), 32)));
    }
    BatchResult r = rtnl.channel().batch(adds);
    assertTrue(r.ok(), () -> r.failures().toString());
    assertEquals(3000, rtnl.addresses().list(Rtm.AF_INET, 333).size());
  }

  /** A request written by hand, to send what the typed API would refuse. */
  private record RawNewLink(String name) implements Request {
    @Override
    public int type() {
      return Rtm.RTM_NEWLINK;
    }

    @Override
    public int flags() {
      return Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
    }

    @Override
    public void encodeBody(MessageWriter w) {
      w.ifinfomsg(0, 0, 0, 0, 0);
      w.u32(Ifla.IFLA_MTU, 1500);
      w.string(Ifla.IFLA_IFNAME, name);
      int li = w.beginNested(Ifla.IFLA_LINKINFO);
      w.string(Ifla.IFLA_INFO_KIND, "veth");
      w.endNested(li);
    }

    @Override
    public String describe() {
      return "create veth " + name;
    }
  }

  @Test
  void kernelMessageAndOffendingAttributeReachTheException() {
    KernelException e = assertThrows(KernelException.class,
        () -> rtnl.channel().execute(new RawNewLink("a-name-longer-than-fifteen")));
    assertEquals("ERANGE", e.errnoName(), e.getMessage());
    assertNotNull(e.kernelMessage(), e.getMessage());
    System.out.println("ext-ack sample: " + e.getMessage());
    assertEquals("IFLA_IFNAME", e.offendingAttribute(), e.getMessage());
    assertTrue(e.getMessage().contains("offending attribute IFLA_IFNAME"), e.getMessage());
  }

  @Test
  void sixteenThreadsShareOneClientWithoutMixingUpReplies() throws Exception {
    int threads = 16;
    for (int t = 0; t < threads; t++) {
      rtnl.links().create(LinkSpec.builder("mt" + t, Veth.withPeer(VethPeer.named("mt" + t + "p"))).index(1000 + t).build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        results.add(pool.submit(() -> {
          int checks = 0;
          for (int i = 0; i < 150; i++) {
            int mtu = 1280 + me * 10 + (i % 7);
            rtnl.links().change(LinkRef.index(1000 + me), LinkChange.none().mtu(mtu));
            Link l = rtnl.links().get(LinkRef.name("mt" + me));
            assertEquals(1000 + me, l.index());
            assertEquals(mtu, l.mtu());
            if (i % 25 == 0) {
              List<Link> all = rtnl.links().listByKind("veth");
              assertEquals(2 * threads, all.size());
            }
            KernelException e = assertThrows(KernelException.class, () -> rtnl.links().get(LinkRef.name("none" + me)));
            assertEquals("get link none" + me, e.operation());
            checks++;
          }
          return checks;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(150, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void interruptedDumpIsRetriedAndFlaggedWhenItStaysInconsistent() throws Exception {
    rtnl.links().create(LinkSpec.builder("dm", Veth.withPeer(VethPeer.named("dmp"))).index(444).build());
    List<Request> adds = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      adds.add(Addresses.addRequest(AddressSpec.of(444, Literal.ip("10.66." + (i / 250) + "." + (i % 250 + 1)), 32)));
    }
    rtnl.channel().batch(adds).throwIfFailed();
    AtomicBoolean stop = new AtomicBoolean();
    Thread churn = new Thread(() -> {
      try (Rtnl other = Rtnl.open()) {
        AddressSpec a = AddressSpec.of(444, Literal.ip("10.65.0.1"), 32);
        while (!stop.get()) {
          other.addresses().add(a);
          other.addresses().delete(a);
        }
      }
    });
    churn.start();
    boolean sawFlag = false;
    boolean sawRetry = false;
    try (NetlinkChannel once = new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), true, 1);
         NetlinkChannel patient = new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), true, 50)) {
      Request dumpAll = new Request() {
        @Override
        public int type() {
          return Rtm.RTM_GETADDR;
        }

        @Override
        public int flags() {
          return 0;
        }

        @Override
        public void encodeBody(MessageWriter w) {
          w.ifaddrmsg(Rtm.AF_INET, 0, 0, 0, 0);
        }

        @Override
        public String describe() {
          return "list addresses";
        }
      };
      for (int i = 0; i < 200 && !(sawFlag && sawRetry); i++) {
        DumpResult<Integer> r1 = once.dump(dumpAll, m -> 1);
        if (r1.interrupted()) {
          sawFlag = true;
          assertEquals(1, r1.attempts());
        }
        DumpResult<Integer> r2 = patient.dump(dumpAll, m -> 1);
        if (r2.attempts() > 1) {
          sawRetry = true;
        }
        if (!r2.interrupted()) {
          assertTrue(r2.items().size() >= 2000, "a consistent dump sees every address: " + r2.items().size());
        }
      }
    } finally {
      stop.set(true);
      churn.join();
    }
    assertTrue(sawFlag, "a dump racing with changes was flagged NLM_F_DUMP_INTR at least once");
    assertTrue(sawRetry, "an interrupted dump was retried");
  }

  @Test
  void ackOfEveryRequestArrivesEvenWhenRepliesAreLeftUnread() {
    // a GET whose reply is never read by a pipeline must not confuse the next exchange
    try (Pipeline p = rtnl.channel().pipeline()) {
      p.submit(Links.createRequest(veth("pl-a")));
      p.flush();
      p.submit(Links.createRequest(veth("pl-b")));
      assertEquals(2, p.finish().requests());
    }
    assertEquals("pl-b", rtnl.links().get(LinkRef.name("pl-b")).name());
    assertFalse(rtnl.links().listByKind("veth").isEmpty());
    assertEquals(Ifa.IFA_F_NODAD, 2);
  }
}
