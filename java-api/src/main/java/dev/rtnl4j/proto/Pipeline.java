package dev.rtnl4j.proto;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nl;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Independent requests written back to back and sent together, their acknowledgements collected
 * later and matched by sequence number. The kernel handles the messages of one {@code sendmsg}
 * in order, synchronously, before {@code sendmsg} returns: what a flushed request created exists
 * at once, even before its acknowledgement is read, so a pipeline may run ahead of its acks (the
 * socket's receive buffer bounds how far: see {@link #drain(int)}).
 *
 * <p>Holds its channel from creation to {@link #close()}. Not for use by several threads.
 * Encoding allocates nothing per request beyond remembering it for its acknowledgement.
 */
public final class Pipeline implements AutoCloseable {
  private final NetlinkChannel channel;
  private final MessageWriter writer;
  private final MessageCursor cursor;
  private final List<Request> pending = new ArrayList<>();
  private final BitSet acked = new BitSet();
  private final List<BatchResult.Failure> failures = new ArrayList<>();
  private int base;
  private int submittedBefore;
  private int sent;
  private int outstanding;
  private boolean closed;
  private boolean broken;
  private final boolean ackLast;
  /** Indexes of the last request of each sendmsg (ack-last mode). */
  private final BitSet chunkEnds = new BitSet();
  /** Requests below this index are settled (ack-last mode). */
  private int settled;
  private int lastStart = -1;

  /**
   * Requests whose acknowledgements may sit unread in the socket at once. Every acknowledgement
   * occupies a socket buffer (~1 KiB of the default 208 KiB receive buffer, truesize); past that
   * the kernel drops them (ENOBUFS). Kept well below.
   */
  static final int MAX_IN_FLIGHT = 128;
  /** At most this many requests go in one sendmsg. */
  static final int MAX_PER_SENDMSG = 64;

  Pipeline(NetlinkChannel channel, boolean ackLast) {
    this.channel = channel;
    this.ackLast = ackLast;
    channel.lock().lock();
    this.writer = channel.writer().reset();
    this.cursor = channel.cursor();
    this.base = channel.nextSequence();
  }

  /**
   * Writes {@code request} into the pipeline's buffer (sending what is already there first if the
   * buffer is full) and returns its index in submission order.
   */
  public int submit(Request request) {
    check();
    if (writer.position() >= NetlinkChannel.FLUSH_THRESHOLD || pending.size() - sent >= MAX_PER_SENDMSG) {
      flush();
    }
    int index = pending.size();
    int seq = index == 0 ? base : base + index;
    if (index > 0) {
      channel.nextSequence();
    }
    lastStart = NetlinkChannel.encode(writer, request, seq, ackLast ? 0 : Nl.NLM_F_ACK);
    pending.add(request);
    return submittedBefore + index;
  }

  /** Sends everything submitted and not yet sent, in one {@code sendmsg}. */
  public void flush() {
    check();
    if (writer.position() == 0) {
      return;
    }
    int unsent = pending.size() - sent;
    if (outstanding + unsent > MAX_IN_FLIGHT) {
      drainSent(Math.max(0, MAX_IN_FLIGHT - unsent));
    }
    if (ackLast) {
      writer.addFlags(lastStart, Nl.NLM_F_ACK);
      chunkEnds.set(pending.size() - 1);
    }
    try {
      channel.buffers().send(writer);
    } catch (RuntimeException e) {
      writer.reset();
      pending.subList(sent, pending.size()).clear();
      chunkEnds.clear(sent, Math.max(sent, chunkEnds.length()));
      throw e;
    }
    writer.reset();
    outstanding += pending.size() - sent;
    sent = pending.size();
  }

  /** Requests sent whose acknowledgement has not been read yet. */
  public int outstanding() {
    return outstanding;
  }

  /** Reads acknowledgements until at most {@code maxOutstanding} sent requests await theirs. */
  public void drain(int maxOutstanding) {
    check();
    drainSent(maxOutstanding);
    compact();
  }

  private void drainSent(int maxOutstanding) {
    while (outstanding > maxOutstanding) {
      try {
        channel.buffers().receive(-1, cursor);
      } catch (RuntimeException e) {
        broken = true; // acknowledgements may be lost (ENOBUFS): never wait for them again
        throw e;
      }
      while (cursor.next()) {
        if (cursor.type() != Nl.NLMSG_ERROR) {
          continue;
        }
        int index = cursor.sequence() - base;
        if (index < 0 || index >= sent || acked.get(index) || (ackLast && index < settled)) {
          continue; // a stale reply of an earlier exchange
        }
        acked.set(index);
        if (ackLast) {
          if (chunkEnds.get(index)) {
            outstanding -= index + 1 - settled; // this sendmsg's requests are all settled
            settled = index + 1;
          }
        } else {
          outstanding--;
        }
        if (cursor.payloadLength() >= 4 && cursor.s32(cursor.payloadOffset()) == 0) {
          continue; // the common case, an acknowledgement: nothing decoded, nothing allocated
        }
        ErrorMessage e = ErrorMessage.decode(cursor);
        if (!e.isAck()) {
          Request r = pending.get(index);
          failures.add(BatchResult.Failure.of(submittedBefore + index, r, e, channel.namespaceLabel()));
        }
      }
    }
  }

  private void compact() {
    if (outstanding == 0 && sent == pending.size() && !pending.isEmpty()) {
      // everything so far is settled: start afresh so the bookkeeping stays small
      submittedBefore += pending.size();
      pending.clear();
      acked.clear();
      chunkEnds.clear();
      settled = 0;
      sent = 0;
      base = channel.nextSequence();
    }
  }

  /** Flushes, reads every outstanding acknowledgement, and returns what failed so far. */
  public BatchResult finish() {
    flush();
    drain(0);
    return new BatchResult(submittedBefore + pending.size(), failures);
  }

  /** Failures collected so far (acknowledgements read). */
  public List<BatchResult.Failure> failures() {
    return List.copyOf(failures);
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("pipeline already closed");
    }
  }

  /** Reads the acknowledgements of what was sent (so the socket stays clean) and releases the channel. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      writer.reset();
      pending.subList(sent, pending.size()).clear();
      if (!broken) {
        drainSent(0);
      }
    } finally {
      closed = true;
      channel.lock().unlock();
    }
  }
}
