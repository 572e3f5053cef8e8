package dev.rtnl4j.proto;

import dev.rtnl4j.codec.AttributeCursor;
import dev.rtnl4j.codec.AttributePath;
import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MalformedMessageException;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.sys.NetlinkSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request/response channel over one netlink socket: writes requests with their sequence
 * numbers, matches replies and acknowledgements back to them, and turns the kernel's errors into
 * {@link KernelException}s that say what the request did and what the kernel answered.
 *
 * <p>Four shapes of exchange: {@link #execute} (one request, its acknowledgement),
 * {@link #get} (one request, one reply), {@link #dump} (a dump, retried a bounded number of times
 * when the kernel flags it {@code NLM_F_DUMP_INTR}) and {@link #batch} / {@link #pipeline} (many
 * independent requests in one {@code sendmsg}, each acknowledgement matched by sequence number).
 *
 * <p>Thread-safe: a channel may be shared by many threads; each exchange holds the channel for its
 * duration, so requests and replies are never mixed up. The send buffer is the channel's own
 * off-heap {@link MessageWriter}, reused for every request; the socket's buffers are reached through
 * one {@link SocketBuffers}.
 *
 * <p>Throws {@link KernelException} for refusals, {@link dev.rtnl4j.sys.NativeException} when
 * the socket fails, {@link MalformedMessageException} for replies that cannot be decoded.
 */
public final class NetlinkChannel implements AutoCloseable {
  /** Attempts of a dump the kernel keeps flagging as interrupted before the partial result is returned. */
  public static final int DEFAULT_DUMP_ATTEMPTS = 5;
  /** A batch is sent in pieces of about this size (well below the socket's send buffer). */
  static final int FLUSH_THRESHOLD = 48 * 1024;

  private final NetlinkSocket socket;
  private final SocketBuffers buffers;
  private final boolean ownsSocket;
  private final ReentrantLock lock = new ReentrantLock();
  private final MessageWriter writer;
  private final MessageCursor cursor = new MessageCursor();
  private final AttributeCursor attrs = new AttributeCursor();
  private final int dumpAttempts;
  private volatile String namespaceLabel;
  private int sequence;

  /**
   * A channel over {@code socket}; closing the channel closes the socket when
   * {@code closeSocket} is true.
   */
  public NetlinkChannel(NetlinkSocket socket, boolean closeSocket) {
    this(socket, closeSocket, DEFAULT_DUMP_ATTEMPTS);
  }

  /** As {@link #NetlinkChannel(NetlinkSocket, boolean)}, with a bound on dump attempts (at least 1). */
  public NetlinkChannel(NetlinkSocket socket, boolean closeSocket, int dumpAttempts) {
    if (dumpAttempts < 1) {
      throw new IllegalArgumentException("dumpAttempts must be at least 1, not " + dumpAttempts);
    }
    this.socket = socket;
    this.buffers = new SocketBuffers(socket);
    this.ownsSocket = closeSocket;
    this.dumpAttempts = dumpAttempts;
    // A socket the channel owns lends its compose area; a borrowed one may have other users.
    this.writer = closeSocket ? new MessageWriter(buffers.sendBuffer()) : new MessageWriter(4096);
    this.sequence = socket.nextSequence() & 0x3fffffff;
  }

  /** Opens an rtnetlink socket in the calling thread's network namespace and a channel owning it. */
  public static NetlinkChannel openRoute() {
    return new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), true);
  }

  /**
   * Names the network namespace the socket lives in ({@code "c1"}): errors then say
   * "... in netns c1". Returns this channel.
   */
  public NetlinkChannel namespaceLabel(String label) {
    this.namespaceLabel = label;
    return this;
  }

  /** The namespace label, or null. */
  public String namespaceLabel() {
    return namespaceLabel;
  }

  /** The socket underneath. */
  public NetlinkSocket socket() {
    return socket;
  }

  /** Closes the socket if the channel owns it. */
  @Override
  public void close() {
    if (ownsSocket) {
      socket.close();
    }
  }

  int nextSequence() {
    int s = ++sequence;
    if (s <= 0) {
      sequence = 1;
      s = 1;
    }
    return s;
  }

  ReentrantLock lock() {
    return lock;
  }

  SocketBuffers buffers() {
    return buffers;
  }

  MessageWriter writer() {
    return writer;
  }

  MessageCursor cursor() {
    return cursor;
  }

  /** Encodes {@code r} (header and body) into {@code w} with {@code seq} and the extra flags. */
  static int encode(MessageWriter w, Request r, int seq, int extraFlags) {
    int start = w.beginMessage(r.type(), r.flags() | Nl.NLM_F_REQUEST | extraFlags, seq, 0);
    r.encodeBody(w);
    w.endMessage(start);
    return start;
  }

  // ---- execute / batch ---------------------------------------------------------------------

  /** Sends {@code request}, waits for its acknowledgement; throws {@link KernelException} if refused. */
  public void execute(Request request) {
    try (Pipeline p = pipeline()) {
      p.submit(request);
      p.finish().throwIfFailed();
    }
  }

  /**
   * Sends independent {@code requests} together (one {@code sendmsg} per ~48 KiB), waits until
   * the kernel has handled all of them, and reports each failure against its request. The kernel
   * handles them in order and does not stop at a failure. Only the last request of each
   * {@code sendmsg} asks for an acknowledgement ({@link #pipelineAckingLast()}): a batch that
   * succeeds costs one reply per {@code sendmsg}, not one per request.
   */
  public BatchResult batch(List<? extends Request> requests) {
    try (Pipeline p = pipelineAckingLast()) {
      for (Request r : requests) {
        p.submit(r);
      }
      return p.finish();
    }
  }

  /**
   * Holds the channel for a pipeline of requests: submit, flush, and collect acknowledgements
   * later. Close it (try-with-resources) to release the channel.
   */
  public Pipeline pipeline() {
    return new Pipeline(this, false);
  }

  /**
   * As {@link #pipeline()}, but only the last request of each {@code sendmsg} asks for an
   * acknowledgement ({@code NLM_F_ACK}); the kernel still answers every failing request with its
   * error, in order, before that acknowledgement. One reply per {@code sendmsg} instead of one per
   * request, with the same failure reporting.
   */
  public Pipeline pipelineAckingLast() {
    return new Pipeline(this, true);
  }

  /**
   * Sends {@code requests} as one nfnetlink transaction of {@code subsystem}
   * ({@code Nfnl.NFNL_SUBSYS_NFTABLES}): between {@code NFNL_MSG_BATCH_BEGIN} and
   * {@code NFNL_MSG_BATCH_END}, in one {@code sendmsg}, the last one acknowledged (the kernel
   * answers every failing one anyway). The kernel applies all of them or, when any fails, none:
   * the result then lists every failing request with its error (errno, what it did, the kernel's
   * message and offending attribute). A refused transaction is expensive for the kernel (its
   * abort waits for an RCU grace period, about 13 ms here): ask first where a refusal is expected.
   *
   * @throws KernelException when the kernel refuses the transaction as a whole (EPERM without
   *     CAP_NET_ADMIN, an unknown subsystem, a failed commit)
   * @throws IllegalArgumentException when the transaction does not fit the socket's send buffer
   *     (one {@code sendmsg}; about 300 rules of a port-forward table with the default 208 KiB)
   */
  public BatchResult transaction(int subsystem, List<? extends Request> requests) {
    return Transaction.run(this, subsystem, requests);
  }

  /** Opens a netfilter (nfnetlink) socket in the calling thread's network namespace and a channel owning it. */
  public static NetlinkChannel openNetfilter() {
    return new NetlinkChannel(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER), true);
  }

  // ---- get ---------------------------------------------------------------------------------

  /**
   * Sends {@code request} (a {@code GET} for one object) and decodes its single reply.
   *
   * @throws KernelException when the kernel answers with an error (ENODEV for no such link...)
   */
  public <T> T get(Request request, ReplyDecoder<T> decoder) {
    return exchange(request, 0, decoder);
  }

  /**
   * Sends {@code request} (one that makes or changes an object) with {@code NLM_F_ECHO}, waits for
   * its acknowledgement, and returns the kernel's echo of the object, decoded: one round trip where
   * a request and a {@code GET} would take two. Returns null when the kernel sent no echo (Linux
   * answers RTM_NEWLINK with one since 6.3; it echoes only to a socket in the object's own namespace).
   *
   * @throws KernelException when the kernel refuses the request
   */
  public <T> T executeEchoed(Request request, ReplyDecoder<T> decoder) {
    return exchange(request, Nl.NLM_F_ACK | Nl.NLM_F_ECHO, decoder);
  }

  /**
   * One request and its answer: without {@code NLM_F_ACK} in {@code extraFlags}, the first reply
   * decoded; with it, the last reply before the acknowledgement, or null when none came.
   */
  private <T> T exchange(Request request, int extraFlags, ReplyDecoder<T> decoder) {
    boolean untilAck = (extraFlags & Nl.NLM_F_ACK) != 0;
    lock.lock();
    try {
      int seq = nextSequence();
      writer.reset();
      encode(writer, request, seq, extraFlags);
      buffers.send(writer);
      T reply = null;
      for (;;) {
        buffers.receive(-1, cursor);
        while (cursor.next()) {
          if (cursor.sequence() != seq) {
            continue;
          }
          int type = cursor.type();
          if (type == Nl.NLMSG_ERROR) {
            ErrorMessage e = ErrorMessage.decode(cursor, attrs);
            if (!e.isAck()) {
              throw toException(request, e, namespaceLabel);
            }
            if (untilAck) {
              return reply;
            }
            continue;
          }
          if (type == Nl.NLMSG_DONE || type == Nl.NLMSG_NOOP) {
            continue;
          }
          reply = decoder.decode(cursor);
          if (!untilAck) {
            return reply;
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- dump --------------------------------------------------------------------------------

  /**
   * Sends {@code request} as a dump ({@code NLM_F_DUMP} is added) and decodes every reply. When
   * the kernel flags the dump {@code NLM_F_DUMP_INTR}, it is run again, up to the channel's bound
   * of attempts; if every attempt was interrupted, the last one's items are returned flagged.
   *
   * @throws KernelException when the kernel refuses the dump (e.g. strict checking rejects a filter)
   */
  public <T> DumpResult<T> dump(Request request, ReplyDecoder<T> decoder) {
    lock.lock();
    try {
      List<T> items = new ArrayList<>();
      boolean interrupted = false;
      int attempt = 0;
      while (attempt < dumpAttempts) {
        attempt++;
        items = new ArrayList<>();
        interrupted = dumpOnce(request, decoder, items);
        if (!interrupted) {
          break;
        }
      }
      return new DumpResult<>(items, interrupted, attempt);
    } finally {
      lock.unlock();
    }
  }

  private <T> boolean dumpOnce(Request request, ReplyDecoder<T> decoder, List<T> items) {
    int seq = nextSequence();
    writer.reset();
    encode(writer, request, seq, Nl.NLM_F_DUMP);
    buffers.send(writer);
    boolean interrupted = false;
    RuntimeException failure = null;
    for (;;) {
      buffers.receive(-1, cursor);
      while (cursor.next()) {
        if (cursor.sequence() != seq) {
          continue;
        }
        if ((cursor.flags() & Nl.NLM_F_DUMP_INTR) != 0) {
          interrupted = true;
        }
        int type = cursor.type();
        if (type == Nl.NLMSG_DONE) {
          KernelException e = doneError(request);
          if (failure != null) {
            throw failure;
          }
          if (e != null) {
            throw e;
          }
          return interrupted;
        }
        if (type == Nl.NLMSG_ERROR) {
          ErrorMessage e = ErrorMessage.decode(cursor, attrs);
          if (!e.isAck()) {
            throw toException(request, e, namespaceLabel);
          }
          continue;
        }
        if (type == Nl.NLMSG_NOOP || failure != null) {
          continue;
        }
        try {
          T v = decoder.decode(cursor);
          if (v != null) {
            items.add(v);
          }
        } catch (RuntimeException e) {
          failure = e; // keep reading to NLMSG_DONE, so the socket is left clean
        }
      }
    }
  }

  private KernelException doneError(Request request) {
    if (cursor.payloadLength() < 4) {
      return null;
    }
    int error = cursor.s32(cursor.payloadOffset());
    if (error >= 0) {
      return null;
    }
    String msg = null;
    int offs = -1;
    if ((cursor.flags() & Nl.NLM_F_ACK_TLVS) != 0) {
      attrs.reset(cursor.buffer(), cursor.payloadOffset() + 4, cursor.endOffset());
      while (attrs.next()) {
        if (attrs.type() == Nl.NLMSGERR_ATTR_MSG) {
          msg = attrs.string();
        } else if (attrs.type() == Nl.NLMSGERR_ATTR_OFFS) {
          offs = attrs.u32("NLMSGERR_ATTR_OFFS");
        }
      }
    }
    return toException(request, new ErrorMessage(-error, request.type(), request.flags(), cursor.sequence(),
        msg, offs, null, -1, -1), namespaceLabel);
  }

  // ---- errors ------------------------------------------------------------------------------

  /** Builds the exception for {@code request} refused with {@code e}, naming the offending attribute. */
  static KernelException toException(Request request, ErrorMessage e, String namespaceLabel) {
    String offending = null;
    if (e.offendingOffset() >= 0) {
      MessageWriter scratch = new MessageWriter(1024);
      encode(scratch, request, 0, 0);
      offending = AttributePath.describe(scratch.written(), 0, e.offendingOffset());
      if (offending == null) {
        offending = "byte " + e.offendingOffset() + " of the request";
      }
    }
    String missing = e.missingType() >= 0 ? AttributePath.name(request.type(), e.missingType()) : null;
    String operation = namespaceLabel == null ? request.describe() : request.describe() + " in netns " + namespaceLabel;
    return new KernelException(e.errno(), operation, request.type(), e.message(), offending, missing);
  }
}
