package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.Rtm;
import dev.rtnl4j.netns.NetNamespace;
import dev.rtnl4j.proto.NetlinkChannel;
import dev.rtnl4j.proto.SocketBuffers;
import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.NetlinkSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A subscription to the changes of one network namespace: links, addresses, routes, neighbours,
 * on one netlink socket joined to the topics' multicast groups, delivered as typed
 * {@link NetworkEvent}s in the kernel's order.
 *
 * <p>Events that cannot all be kept are not silently lost: when the socket's receive buffer
 * overruns, the kernel answers the next receive with {@code ENOBUFS}; the subscription then drops
 * what is queued, dumps the subscribed topics afresh over a second socket of the same namespace,
 * and delivers a {@link NetworkEvent.Resync} with that state before any further event.
 *
 * <p>One thread consumes ({@link #next()}, {@link #poll(Duration)}, {@link #stream()}); any thread
 * may {@link #close()}. Failures of the socket throw {@link NativeException}; dumps refused by
 * the kernel throw {@link dev.rtnl4j.proto.KernelException}; use after close throws
 * {@link IllegalStateException}.
 */
public final class NetworkEvents implements AutoCloseable {
  /** Datagrams dropped at most while discarding a backlog after an overrun, before dumping anyway. */
  static final int MAX_DRAIN = 100_000;
  private static final int STREAM_POLL_MILLIS = 100;

  private final Set<EventTopic> topics;
  private final NetlinkSocket socket;
  private final SocketBuffers buffers;
  private final Rtnl dumper;
  private final MessageCursor cursor = new MessageCursor();
  private final ArrayDeque<NetworkEvent> pending = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private long overruns;

  private NetworkEvents(Set<EventTopic> topics, NetlinkSocket socket, Rtnl dumper, boolean initialState) {
    this.topics = topics;
    this.socket = socket;
    this.buffers = new SocketBuffers(socket);
    this.dumper = dumper;
    if (initialState) {
      pending.add(new NetworkEvent.Resync(NetworkEvent.Reason.INITIAL, snapshot()));
    }
  }

  /**
   * Subscribes to {@code topics} in the calling thread's network namespace.
   *
   * @param initialState when true, the first event is a {@link NetworkEvent.Resync} with the
   *     state dumped right after joining the groups (changes from then on follow it)
   * @throws NativeException if the sockets cannot be opened or the groups joined
   */
  public static NetworkEvents subscribe(Set<EventTopic> topics, boolean initialState) {
    Set<EventTopic> t = checkTopics(topics);
    NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE);
    return start(t, s, () -> Rtnl.open(), initialState);
  }

  /**
   * Subscribes to {@code topics} in {@code namespace} (its sockets are opened there on a
   * dedicated platform thread; the handle may be closed afterwards).
   *
   * @throws NativeException if the namespace cannot be entered, the sockets opened or the groups joined
   */
  public static NetworkEvents subscribe(NetNamespace namespace, Set<EventTopic> topics, boolean initialState) {
    Set<EventTopic> t = checkTopics(topics);
    NetlinkSocket s = namespace.openNetlinkSocket(NetlinkSocket.NETLINK_ROUTE);
    return start(t, s, () -> Rtnl.open(namespace), initialState);
  }

  private interface Opener {
    Rtnl open();
  }

  private static NetworkEvents start(Set<EventTopic> topics, NetlinkSocket socket, Opener dumper, boolean initialState) {
    Rtnl rtnl = null;
    try {
      for (EventTopic topic : topics) {
        socket.joinGroup(topic.group());
      }
      rtnl = dumper.open();
      return new NetworkEvents(topics, socket, rtnl, initialState);
    } catch (RuntimeException | Error e) {
      socket.close();
      if (rtnl != null) {
        rtnl.close();
      }
      throw e;
    }
  }

  private static Set<EventTopic> checkTopics(Set<EventTopic> topics) {
    Objects.requireNonNull(topics, "topics");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("an event subscription needs at least one topic");
    }
    return Set.copyOf(EnumSet.copyOf(topics));
  }

  /** The topics subscribed to. */
  public Set<EventTopic> topics() {
    return topics;
  }

  /**
   * Sets the kernel's receive buffer of the event socket ({@code SO_RCVBUFFORCE}, else
   * {@code SO_RCVBUF}); the kernel doubles the value and applies its minimum.
   */
  public void setReceiveBufferSize(int bytes) {
    socket.setReceiveBufferSize(bytes);
  }

  /** How many overruns ({@code ENOBUFS}) were turned into resyncs so far. */
  public long overruns() {
    return overruns;
  }

  /**
   * The event socket's file descriptor, for registering the subscription with an event loop
   * (epoll, Netty's {@code EpollIoHandler}): when it is readable, call {@link #drain}. Valid until
   * {@link #close()}; do not close it yourself.
   */
  public int fd() {
    return socket.fd();
  }

  /**
   * The non-blocking read for event loops: delivers every event already queued to {@code sink},
   * in the kernel's order, reading the socket without waiting until it has nothing more
   * ({@code EAGAIN}). An overrun ({@code ENOBUFS}) is handled as in {@link #poll}: the backlog is
   * dropped, the topics are dumped afresh (a blocking exchange with the kernel over the second
   * socket, typically well under a millisecond per hundred objects) and a
   * {@link NetworkEvent.Resync} is delivered before any later event.
   *
   * @return how many events were delivered
   * @throws NativeException when the socket fails (other than {@code ENOBUFS})
   * @throws IllegalStateException after close
   */
  public int drain(Consumer<? super NetworkEvent> sink) {
    Objects.requireNonNull(sink, "sink");
    ensureOpen();
    int delivered = 0;
    for (;;) {
      while (!pending.isEmpty()) {
        sink.accept(pending.poll());
        delivered++;
      }
      boolean received;
      try {
        received = buffers.receive(0, cursor);
      } catch (NativeException e) {
        if (e.errno() != Errno.ENOBUFS) {
          throw e;
        }
        resync();
        continue;
      }
      if (!received) {
        return delivered; // EAGAIN: nothing more queued
      }
      decodeReceived();
    }
  }

  /** Waits for the next event. */
  public NetworkEvent next() {
    NetworkEvent e;
    while ((e = poll(-1)) == null) {
      // a datagram without events of ours (a bridge-port message...): keep waiting
    }
    return e;
  }

  /** The next event, waiting at most {@code timeout}; null when none came in time. */
  public NetworkEvent poll(Duration timeout) {
    long ms = timeout.toMillis();
    return poll((int) Math.max(0, Math.min(Integer.MAX_VALUE, ms)));
  }

  private NetworkEvent poll(int timeoutMillis) {
    ensureOpen();
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
    for (;;) {
      int wait = timeoutMillis < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
      boolean received;
      try {
        received = buffers.receive(wait, cursor);
      } catch (NativeException e) {
        if (e.errno() != Errno.ENOBUFS) {
          throw e;
        }
        resync();
        return pending.poll();
      }
      if (!received) {
        return null; // timed out
      }
      decodeReceived();
      if (!pending.isEmpty()) {
        return pending.poll();
      }
      if (timeoutMillis >= 0 && System.nanoTime() >= deadline) {
        return null;
      }
    }
  }

  /** Queues the wanted events of the datagram the cursor was pointed at. */
  private void decodeReceived() {
    while (cursor.next()) {
      NetworkEvent e = EventCodec.decode(cursor);
      if (e != null && wanted(e)) {
        pending.add(e);
      }
    }
  }

  /** Keeps only events of subscribed topics (a socket may get others, e.g. routes of a group shared by families). */
  private boolean wanted(NetworkEvent e) {
    if (e instanceof NetworkEvent.LinkAdded || e instanceof NetworkEvent.LinkChanged || e instanceof NetworkEvent.LinkRemoved) {
      return topics.contains(EventTopic.LINKS);
    }
    if (e instanceof NetworkEvent.AddressAdded x) {
      return addressTopic(x.address().family());
    }
    if (e instanceof NetworkEvent.AddressRemoved x) {
      return addressTopic(x.address().family());
    }
    if (e instanceof NetworkEvent.RouteAdded x) {
      return routeTopic(x.route().family());
    }
    if (e instanceof NetworkEvent.RouteRemoved x) {
      return routeTopic(x.route().family());
    }
    if (e instanceof NetworkEvent.NeighbourAdded || e instanceof NetworkEvent.NeighbourRemoved) {
      return topics.contains(EventTopic.NEIGHBOURS);
    }
    if (e instanceof NetworkEvent.Resync) {
      return true;
    }
    throw new AssertionError("unknown event " + e);
  }

  private boolean addressTopic(int family) {
    return topics.contains(family == Rtm.AF_INET ? EventTopic.IPV4_ADDRESSES : EventTopic.IPV6_ADDRESSES);
  }

  private boolean routeTopic(int family) {
    return topics.contains(family == Rtm.AF_INET ? EventTopic.IPV4_ROUTES : EventTopic.IPV6_ROUTES);
  }

  /** Drops the backlog (older than any dump), dumps afresh, queues the Resync first. */
  private void resync() {
    overruns++;
    pending.clear();
    for (int i = 0; i < MAX_DRAIN; i++) {
      try {
        if (socket.receiveDatagram(0) == 0) {
          break;
        }
      } catch (NativeException e) {
        if (e.errno() != Errno.ENOBUFS) {
          throw e;
        }
      }
    }
    pending.add(new NetworkEvent.Resync(NetworkEvent.Reason.OVERRUN, snapshot()));
  }

  /**
   * Dumps the subscribed topics now over the subscription's second socket: links; IPv4 / IPv6
   * addresses and routes (every table); neighbour entries.
   */
  public NetworkState snapshot() {
    List<Link> links = topics.contains(EventTopic.LINKS) ? dumper.links().list() : List.of();
    List<Address> addresses = new java.util.ArrayList<>();
    if (topics.contains(EventTopic.IPV4_ADDRESSES)) {
      addresses.addAll(dumper.addresses().list(Rtm.AF_INET, 0));
    }
    if (topics.contains(EventTopic.IPV6_ADDRESSES)) {
      addresses.addAll(dumper.addresses().list(Rtm.AF_INET6, 0));
    }
    List<Route> routes = new java.util.ArrayList<>();
    if (topics.contains(EventTopic.IPV4_ROUTES)) {
      routes.addAll(dumper.routes().list(Rtm.AF_INET, 0));
    }
    if (topics.contains(EventTopic.IPV6_ROUTES)) {
      routes.addAll(dumper.routes().list(Rtm.AF_INET6, 0));
    }
    List<Neighbour> neighbours = topics.contains(EventTopic.NEIGHBOURS) ? dumper.neighbours().list() : List.of();
    return new NetworkState(links, addresses, routes, neighbours);
  }

  /**
   * The events as a sequential stream that ends when the subscription is closed (from another
   * thread, or by the consumer). Its elements come from {@link #poll}, so it blocks between events.
   */
  public Stream<NetworkEvent> stream() {
    Spliterator<NetworkEvent> s = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
      @Override
      public boolean tryAdvance(Consumer<? super NetworkEvent> action) {
        for (;;) {
          if (closed.get()) {
            return false;
          }
          NetworkEvent e;
          try {
            e = poll(STREAM_POLL_MILLIS);
          } catch (IllegalStateException closedMeanwhile) {
            if (closed.get()) {
              return false;
            }
            throw closedMeanwhile;
          }
          if (e != null) {
            action.accept(e);
            return true;
          }
        }
      }
    };
    return StreamSupport.stream(s, false).onClose(this::close);
  }

  /** Closes both sockets; idempotent, from any thread. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      socket.close();
      dumper.close();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("event subscription is closed");
    }
  }
}
