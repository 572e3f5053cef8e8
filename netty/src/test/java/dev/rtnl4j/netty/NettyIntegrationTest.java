package dev.rtnl4j.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.proto.KernelException;
import dev.rtnl4j.proto.Request;
import dev.rtnl4j.rtnl.AddressSpec;
import dev.rtnl4j.rtnl.Addresses;
import dev.rtnl4j.rtnl.EventTopic;
import dev.rtnl4j.rtnl.Link;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Links;
import dev.rtnl4j.rtnl.NetworkEvent;
import dev.rtnl4j.rtnl.NetworkEvents;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.rtnl.RouteSpec;
import dev.rtnl4j.rtnl.Routes;
import dev.rtnl4j.rtnl.Veth;
import dev.rtnl4j.rtnl.VethPeer;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.testkit.Require;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rtnl4j's sockets on a real Netty 4.2 epoll event loop, against the real kernel of the test's
 * private network namespace: events and request completions arrive on the loop's thread.
 */
class NettyIntegrationTest {
  private static final long WAIT_SECONDS = 10;

  private MultiThreadIoEventLoopGroup group;
  private IoEventLoop loop;
  private Rtnl rtnl;

  @BeforeEach
  void start() {
    Require.sandbox();
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    loop = (IoEventLoop) group.next();
    rtnl = Rtnl.open();
  }

  @AfterEach
  void stop() throws Exception {
    rtnl.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private static <T> T await(Future<T> f) throws Exception {
    assertTrue(f.await(WAIT_SECONDS, TimeUnit.SECONDS), "not done within " + WAIT_SECONDS + " s");
    if (!f.isSuccess()) {
      throw new ExecutionException(f.cause());
    }
    return f.getNow();
  }

  private static String describe(NetworkEvent e) {
    if (e instanceof NetworkEvent.LinkAdded x) {
      return "link added " + x.link().name();
    }
    if (e instanceof NetworkEvent.LinkChanged x) {
      return "link changed " + x.link().name() + (x.link().up() ? " up" : " down");
    }
    if (e instanceof NetworkEvent.LinkRemoved x) {
      return "link removed " + x.link().name();
    }
    if (e instanceof NetworkEvent.AddressAdded x) {
      return "address added " + x.address().local().getHostAddress() + "/" + x.address().prefixLength();
    }
    if (e instanceof NetworkEvent.AddressRemoved x) {
      return "address removed " + x.address().local().getHostAddress() + "/" + x.address().prefixLength();
    }
    if (e instanceof NetworkEvent.RouteAdded x) {
      return "route added " + x.route().destinationText() + " table " + x.route().table();
    }
    if (e instanceof NetworkEvent.RouteRemoved x) {
      return "route removed " + x.route().destinationText() + " table " + x.route().table();
    }
    if (e instanceof NetworkEvent.NeighbourAdded) {
      return "neighbour added";
    }
    if (e instanceof NetworkEvent.NeighbourRemoved) {
      return "neighbour removed";
    }
    if (e instanceof NetworkEvent.Resync x) {
      return "resync " + x.reason();
    }
    throw new AssertionError("unknown event " + e);
  }

  /** A listener that records each event with whether it ran on the loop's thread. */
  private final class Recorder implements NetworkEventListener {
    final LinkedBlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
    final AtomicInteger offLoop = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void onEvent(NetworkEvent event) {
      if (!loop.inEventLoop()) {
        offLoop.incrementAndGet();
      }
      events.add(event);
    }

    @Override
    public void onFailure(Throwable cause) {
      failure.set(cause);
    }

    List<String> until(String last) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      while (!seen.contains(last)) {
        NetworkEvent e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(e, "no event within " + WAIT_SECONDS + " s; so far " + seen);
        seen.add(describe(e));
      }
      return seen;
    }
  }

  @Test
  void linkAddressAndRouteChangesArriveOnTheEventLoopInOrder() throws Exception {
    Recorder recorder = new Recorder();
    NetworkEvents subscription = NetworkEvents.subscribe(
        EnumSet.of(EventTopic.LINKS, EventTopic.IPV4_ADDRESSES, EventTopic.IPV4_ROUTES), false);
    NettyNetworkEvents events = await(NettyNetworkEvents.register(loop, subscription, recorder));
    NettyRtnl client = await(NettyRtnl.open(loop));
    try {
      // each request is sent from the loop; the next goes out when the previous one's ack came
      await(client.execute(Links.createRequest(LinkSpec.builder("nt0", Veth.withPeer(VethPeer.named("nt1"))).index(700).build())));
      await(client.execute(Links.upRequest(LinkRef.index(700))));
      await(client.execute(Addresses.addRequest(AddressSpec.of(700, ip("10.77.0.1"), 24))));
      await(client.execute(Routes.addRequest(RouteSpec.to(ip("10.78.0.0"), 16).via(ip("10.77.0.2")).build())));
      await(client.execute(Routes.deleteRequest(RouteSpec.to(ip("10.78.0.0"), 16).via(ip("10.77.0.2")).build())));
      await(client.execute(Addresses.deleteRequest(AddressSpec.of(700, ip("10.77.0.1"), 24))));
      await(client.execute(Links.deleteRequest(LinkRef.index(700))));

      List<String> seen = recorder.until("link removed nt0");
      List<String> mine = seen.stream().filter(l -> !l.contains("nt1") && !l.contains("table 255")
          && !l.startsWith("link changed nt0 down")).toList();
      assertEquals(List.of(
          "link added nt0",
          "link changed nt0 up",
          "address added 10.77.0.1/24",
          "route added 10.77.0.0/24 table 254",
          "route added 10.78.0.0/16 table 254",
          "route removed 10.78.0.0/16 table 254",
          "address removed 10.77.0.1/24",
          "route removed 10.77.0.0/24 table 254",
          "link removed nt0"), dedupeLinkChanges(mine), "every event, in the kernel's order: " + seen);
      assertTrue(seen.contains("link added nt1"), seen.toString());
      assertEquals(0, recorder.offLoop.get(), "every event is delivered on the event loop's thread");
      assertEquals(null, recorder.failure.get());
    } finally {
      client.close();
      events.close();
    }
  }

  /**
   * The kernel reports an up link again when its carrier or operstate settles (a second "link
   * changed nt0 up" at a moment of its own): keep the first report of each link state.
   */
  private static List<String> dedupeLinkChanges(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("link changed") && out.contains(l)) {
        continue;
      }
      out.add(l);
    }
    return out;
  }

  @Test
  void requestCompletionsRunOnTheLoopAndRefusalsCarryTheErrnoAndOperation() throws Exception {
    NettyRtnl client = await(NettyRtnl.open(loop));
    try {
      Request create = Links.createRequest(LinkSpec.builder("nt2", Veth.withPeer(VethPeer.named("nt3"))).build());
      Future<Void> first = client.execute(create);
      AtomicReference<Boolean> listenerOnLoop = new AtomicReference<>();
      CountDownLatch listened = new CountDownLatch(1);
      first.addListener(f -> {
        listenerOnLoop.set(loop.inEventLoop());
        listened.countDown();
      });
      await(first);
      assertTrue(listened.await(WAIT_SECONDS, TimeUnit.SECONDS));
      assertTrue(listenerOnLoop.get(), "the completion is delivered on the event loop");
      assertEquals("veth", rtnl.links().get(LinkRef.name("nt2")).kindName(), "the link exists once the future succeeded");

      ExecutionException refused = assertThrows(ExecutionException.class, () -> await(client.execute(create)));
      KernelException k = assertInstanceOf(KernelException.class, refused.getCause());
      assertEquals(Errno.EEXIST, k.errno());
      assertTrue(k.getMessage().contains("EEXIST") && k.getMessage().contains("nt2"), k.getMessage());
      assertEquals(0, client.waiting(), "nothing left waiting once every answer came");
    } finally {
      client.close();
    }
    await(client.closeFuture());
    ExecutionException afterClose = assertThrows(ExecutionException.class,
        () -> await(client.execute(Links.deleteRequest(LinkRef.name("nt2")))));
    assertInstanceOf(IllegalStateException.class, afterClose.getCause());
  }

  @Test
  void floodUntilTheSocketOverrunsDeliversAResyncAndTheStateConverges() throws Exception {
    Recorder recorder = new Recorder();
    NetworkEvents subscription = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false);
    subscription.setReceiveBufferSize(4096);
    NettyNetworkEvents events = await(NettyNetworkEvents.register(loop, subscription, recorder));
    try {
      // hold the loop so it cannot read while the kernel floods the socket
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      loop.execute(() -> {
        holding.countDown();
        try {
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(holding.await(WAIT_SECONDS, TimeUnit.SECONDS));
      List<Request> creates = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        creates.add(Links.createRequest(LinkSpec.builder("nf" + i, Veth.withPeer(VethPeer.named("np" + i))).build()));
      }
      rtnl.channel().batch(creates).throwIfFailed();
      List<Request> deletes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        deletes.add(Links.deleteRequest(LinkRef.name("nf" + i)));
      }
      rtnl.channel().batch(deletes).throwIfFailed();
      release.countDown();

      NetworkEvent first = recorder.events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      NetworkEvent.Resync resync = assertInstanceOf(NetworkEvent.Resync.class, first,
          "the overrun (ENOBUFS) comes first, as a resync: " + (first == null ? null : describe(first)));
      assertEquals(NetworkEvent.Reason.OVERRUN, resync.reason());

      // a marker after the flood; apply everything up to it in order
      rtnl.links().create(LinkSpec.builder("nmark", Veth.withPeer(VethPeer.named("nmark-p"))).build());
      TreeSet<String> state = resync.state().links().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
      for (;;) {
        NetworkEvent e = recorder.events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(e, "the marker's event never came");
        if (e instanceof NetworkEvent.LinkAdded a) {
          state.add(a.link().name());
        } else if (e instanceof NetworkEvent.LinkRemoved r) {
          state.remove(r.link().name());
        } else if (e instanceof NetworkEvent.Resync r) {
          state.clear();
          r.state().links().forEach(l -> state.add(l.name()));
        }
        if (state.contains("nmark")) {
          break;
        }
      }
      TreeSet<String> truth = rtnl.links().list().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(truth, state, "the resync plus the later events give the kernel's state");
      assertFalse(state.contains("nf0"));
      assertTrue(state.contains("nf149") && state.contains("np149"));
      assertEquals(0, recorder.offLoop.get());
      assertEquals(null, recorder.failure.get());
    } finally {
      events.close();
    }
  }

  @Test
  void closeCancelsTheRegistrationBeforeTheSocketClosesAndIsIdempotent() throws Exception {
    NetworkEvents subscription = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false);
    int fd = subscription.fd();
    Path fdLink = Path.of("/proc/self/fd/" + fd);
    String socketBefore = Files.readSymbolicLink(fdLink).toString();
    assertTrue(socketBefore.startsWith("socket:"), socketBefore);

    AtomicReference<String> orderProblem = new AtomicReference<>();
    NettyNetworkEvents events = await(NettyNetworkEvents.register(loop, subscription, e -> { }));
    assertTrue(events.isRegistered());
    // observe, on the loop, the moment the socket closes: Netty must have let go of the fd before
    events.closeFuture().addListener(f -> {
      if (events.isRegistered()) {
        orderProblem.set("the socket closed while the fd was still registered with epoll");
      }
    });

    Thread other = new Thread(events::close); // from a thread that is not the loop
    other.start();
    other.join();
    events.close(); // and again: nothing happens
    await(events.closeFuture());
    events.close();

    assertFalse(events.isRegistered(), "the registration was cancelled");
    assertEquals(null, orderProblem.get());
    assertThrows(IllegalStateException.class, () -> subscription.drain(e -> { }), "the subscription is closed");
    String after = Files.exists(fdLink, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readSymbolicLink(fdLink).toString() : "(closed)";
    assertNotEquals(socketBefore, after, "the event socket's fd was closed");

    // the loop goes on serving new registrations (also if the fd number is reused)
    Recorder recorder = new Recorder();
    NettyNetworkEvents again = await(NettyNetworkEvents.register(loop,
        NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false), recorder));
    try {
      rtnl.links().create(LinkSpec.builder("nt4", Veth.withPeer(VethPeer.named("nt5"))).build());
      assertTrue(recorder.until("link added nt4").contains("link added nt4"));
    } finally {
      again.close();
    }
  }

  @Test
  void shuttingTheLoopDownClosesTheSubscription() throws Exception {
    NetworkEvents subscription = NetworkEvents.subscribe(Set.of(EventTopic.LINKS), false);
    NettyNetworkEvents events = await(NettyNetworkEvents.register(loop, subscription, e -> { }));
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(events.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop's shutdown closed the subscription");
    assertThrows(IllegalStateException.class, () -> subscription.drain(e -> { }));
    events.close(); // after the loop is gone: still fine
  }

  @Test
  void requestsAfterTheLoopShutDownFailInsteadOfThrowing() throws Exception {
    NettyRtnl client = await(NettyRtnl.open(loop));
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(client.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop's shutdown closed the client");
    Future<Void> late = client.execute(Links.deleteRequest(LinkRef.name("nothing")));
    assertTrue(late.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, late.cause());
  }
}
