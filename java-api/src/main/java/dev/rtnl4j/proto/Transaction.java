package dev.rtnl4j.proto;

import dev.rtnl4j.codec.ErrorMessage;
import dev.rtnl4j.codec.MessageCursor;
import dev.rtnl4j.codec.MessageWriter;
import dev.rtnl4j.codec.Nfnl;
import dev.rtnl4j.codec.Nl;
import dev.rtnl4j.sys.Syscalls;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One nfnetlink transaction: {@code NFNL_MSG_BATCH_BEGIN}, the requests, {@code NFNL_MSG_BATCH_END},
 * written back to back and sent in one {@code sendmsg}. The kernel applies all of them or none:
 * when one request fails, the whole transaction is aborted, and every failing request is answered
 * with its error (matched back to it by sequence number, with its extended acknowledgement).
 * Only the last request asks for an acknowledgement: the kernel answers every failing request
 * anyway, in order, before that acknowledgement (or the last request's own error), so one reply
 * says "all applied" and the failures arrive before it. Acknowledging every request would add a
 * reply per request, and on failure acknowledge requests the abort rolled back.
 *
 * <p>The kernel handles a transaction synchronously, inside {@code sendmsg}: when it returns,
 * every reply is queued on the socket. A refusal of the transaction as a whole (the begin marker
 * answered with an error: {@code EPERM} without {@code CAP_NET_ADMIN}, a failed commit) is
 * followed by nothing the caller waits for, so what is queued is read without blocking.
 */
final class Transaction {
  /** Below this size a transaction always fits a netlink socket's send buffer (the default is 208 KiB). */
  private static final int SURELY_FITS = 64 * 1024;

  private Transaction() {}

  static BatchResult run(NetlinkChannel channel, int subsystem, List<? extends Request> requests) {
    int n = requests.size();
    if (n == 0) {
      return new BatchResult(0, List.of());
    }
    channel.lock().lock();
    try {
      MessageWriter w = channel.writer().reset();
      int base = channel.nextSequence();
      for (int i = 0; i <= n; i++) {
        channel.nextSequence(); // reserve base+1 .. base+n+1: the requests and the end marker
      }
      marker(w, Nfnl.NFNL_MSG_BATCH_BEGIN, base, subsystem);
      for (int i = 0; i < n; i++) {
        NetlinkChannel.encode(w, requests.get(i), base + 1 + i, i == n - 1 ? Nl.NLM_F_ACK : 0);
      }
      marker(w, Nfnl.NFNL_MSG_BATCH_END, base + n + 1, subsystem);
      if (w.position() > SURELY_FITS) {
        // one sendmsg, which netlink refuses (EMSGSIZE) past the send buffer less 32 bytes
        int max = channel.socket().intOption(Syscalls.SOL_SOCKET, Syscalls.SO_SNDBUF) - 32;
        if (w.position() > max) {
          int size = w.position();
          w.reset();
          throw new IllegalArgumentException("a transaction of " + n + " requests is " + size + " bytes: at most "
              + max + " go in one sendmsg (the socket's SO_SNDBUF less 32)");
        }
      }
      channel.buffers().send(w);
      w.reset();
      return collect(channel, requests, base);
    } finally {
      channel.lock().unlock();
    }
  }

  private static void marker(MessageWriter w, int type, int seq, int subsystem) {
    int start = w.beginMessage(type, Nl.NLM_F_REQUEST, seq, 0);
    w.nfgenmsg(Nfnl.NFPROTO_UNSPEC, Nfnl.NFNETLINK_V0, subsystem);
    w.endMessage(start);
  }

  private static BatchResult collect(NetlinkChannel channel, List<? extends Request> requests, int base) {
    int n = requests.size();
    MessageCursor cursor = channel.cursor();
    BitSet answered = new BitSet(n);
    List<BatchResult.Failure> failures = new ArrayList<>();
    KernelException whole = null;
    while (!answered.get(n - 1)) {
      if (!channel.buffers().receive(whole == null ? -1 : 0, cursor)) {
        break;
      }
      while (cursor.next()) {
        if (cursor.type() != Nl.NLMSG_ERROR) {
          continue;
        }
        int index = cursor.sequence() - base - 1;
        if (index < -1 || index > n) {
          continue; // a stale reply of an earlier exchange
        }
        boolean ack = cursor.payloadLength() >= 4 && cursor.s32(cursor.payloadOffset()) == 0;
        if (index == -1 || index == n) {
          if (!ack && whole == null) {
            whole = wholeRefused(channel, requests, ErrorMessage.decode(cursor));
          }
          continue;
        }
        if (answered.get(index)) {
          continue;
        }
        answered.set(index);
        if (!ack) {
          Request r = requests.get(index);
          failures.add(BatchResult.Failure.of(index, r, ErrorMessage.decode(cursor), channel.namespaceLabel()));
        }
      }
    }
    if (whole != null) {
      for (BatchResult.Failure f : failures) {
        whole.addSuppressed(f.error());
      }
      throw whole;
    }
    return new BatchResult(n, failures);
  }

  private static KernelException wholeRefused(NetlinkChannel channel, List<? extends Request> requests, ErrorMessage e) {
    Request first = requests.get(0);
    String operation = "nfnetlink transaction of " + requests.size() + " request" + (requests.size() == 1 ? "" : "s")
        + " (first: " + first.describe() + ")";
    if (channel.namespaceLabel() != null) {
      operation += " in netns " + channel.namespaceLabel();
    }
    return new KernelException(e.errno(), operation, first.type(), e.message(), null, null);
  }
}
