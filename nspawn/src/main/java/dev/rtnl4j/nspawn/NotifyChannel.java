package dev.rtnl4j.nspawn;

import dev.rtnl4j.sys.Spawn;
import dev.rtnl4j.sys.UnixDatagramSocket;
import java.nio.file.Path;

/**
 * The {@code NOTIFY_SOCKET} rtnl4j owns for one container: waits for systemd-nspawn's
 * {@code X_NSPAWN_LEADER_PID=} and {@code READY=1}, accepting only datagrams whose kernel-checked
 * sender pid is nspawn's, and noticing when nspawn exits instead.
 */
final class NotifyChannel implements AutoCloseable {
  private static final int SLICE_MS = 25;

  private final UnixDatagramSocket socket;
  private int expectedPid;
  private int leaderPid;
  private boolean ready;
  private final StringBuilder status = new StringBuilder();

  /** Binds {@code unbound} (made ahead, or just now) at {@code path}; closes it when that fails. */
  NotifyChannel(UnixDatagramSocket unbound, Path path) {
    try {
      unbound.bindTo(path);
    } catch (RuntimeException e) {
      unbound.close();
      throw e;
    }
    this.socket = unbound;
  }

  /** The value for {@code NOTIFY_SOCKET}. */
  String address() {
    return socket.notifySocketAddress();
  }

  /** Only datagrams from {@code pid} (nspawn) count. */
  void expectSender(int pid) {
    this.expectedPid = pid;
  }

  /** The leader pid, once reported. */
  int leaderPid() {
    return leaderPid;
  }

  /** The last STATUS= nspawn sent, or "". */
  String lastStatus() {
    return status.toString();
  }

  /** True once nspawn (or anyone) has sent something here: the leader's pid, or a datagram not yet read. */
  boolean heardFrom() {
    return leaderPid > 0 || socket.hasDatagram();
  }

  /** What ended a wait. */
  enum Outcome { REACHED, TIMED_OUT, EXITED }

  /** Waits until the leader pid is known, nspawn exits, or {@code deadlineNanos} (System.nanoTime) passes. */
  Outcome awaitLeader(long deadlineNanos) {
    return await(deadlineNanos, true);
  }

  /** Waits until READY=1, nspawn exits, or {@code deadlineNanos} passes. */
  Outcome awaitReady(long deadlineNanos) {
    return await(deadlineNanos, false);
  }

  private Outcome await(long deadlineNanos, boolean leader) {
    while (true) {
      if (leader ? leaderPid > 0 : ready) {
        return Outcome.REACHED;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return Outcome.TIMED_OUT;
      }
      UnixDatagramSocket.Datagram d = socket.receive((int) Math.max(1, Math.min(SLICE_MS, left / 1_000_000)));
      if (d == null) {
        Spawn.ExitStatus st = Spawn.tryWait(expectedPid);
        if (st != null) {
          exitStatus = st;
          return Outcome.EXITED;
        }
        continue;
      }
      if (expectedPid != 0 && d.pid() != expectedPid) {
        continue;
      }
      for (String line : d.text().split("\n")) {
        if (line.startsWith("X_NSPAWN_LEADER_PID=")) {
          try {
            leaderPid = Integer.parseInt(line.substring("X_NSPAWN_LEADER_PID=".length()).strip());
          } catch (NumberFormatException e) {
            // ignore a malformed value; keep waiting
          }
        } else if (line.equals("READY=1")) {
          ready = true;
        } else if (line.startsWith("STATUS=")) {
          status.setLength(0);
          status.append(line, 7, line.length());
        }
      }
    }
  }

  private Spawn.ExitStatus exitStatus;

  /** How nspawn ended when a wait returned {@link Outcome#EXITED} (it has been reaped). */
  Spawn.ExitStatus exitStatus() {
    return exitStatus;
  }

  @Override
  public void close() {
    socket.close();
  }
}
