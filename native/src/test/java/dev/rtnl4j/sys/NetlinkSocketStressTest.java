package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NetlinkSocketStressTest {
  static final int RTNLGRP_LINK = 1;

  /** An event socket that nobody reads overruns; the next receive reports ENOBUFS. */
  @Test
  void overrunEventSocketReportsEnobufs() {
    Require.sandbox();
    try (NetlinkSocket events = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE);
         NetlinkSocket control = NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE)) {
      events.joinGroup(RTNLGRP_LINK);
      events.setReceiveBufferSize(4096);
      for (int i = 0; i < 200; i++) {
        NetnsRunnerTest.setLoUp(control, i % 2 == 0);
      }
      NetnsRunnerTest.setLoUp(control, false);
      try {
        for (int i = 0; i < 1000; i++) {
          if (events.receive(0) == null) {
            fail("the event socket did not overrun");
          }
        }
        fail("no ENOBUFS after 1000 datagrams");
      } catch (NativeException e) {
        assertEquals("ENOBUFS", e.errnoName());
        assertTrue(e.getMessage().startsWith("recvmsg on netlink socket"), e.getMessage());
      }
      // the socket stays usable after the overrun
      assertNotNull(events.receive(1000), "events still arrive after ENOBUFS");
    }
  }

  /** Threads calling into a socket while another closes it see results or IllegalStateException, never a reused fd. */
  @Test
  void closeRacingWithCallsEndsEveryCallCleanlyAndClosesTheFdOnce() throws Exception {
    for (int round = 0; round < 20; round++) {
      NetlinkSocket s = NetlinkSocket.open(0);
      int fd = s.fd();
      int threads = 4;
      CountDownLatch started = new CountDownLatch(threads);
      AtomicInteger calls = new AtomicInteger();
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        ts.add(started(() -> {
          started.countDown();
          for (;;) {
            try {
              int v = s.intOption(Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF);
              if (v <= 0) {
                unexpected.set(new AssertionError("SO_RCVBUF " + v));
              }
              calls.incrementAndGet();
            } catch (IllegalStateException e) {
              return;
            } catch (Throwable e) {
              unexpected.set(e);
              return;
            }
          }
        }));
      }
      started.await();
      while (calls.get() < threads * 10 && unexpected.get() == null) {
        Thread.onSpinWait();
      }
      s.close();
      for (Thread t : ts) {
        t.join();
      }
      if (unexpected.get() != null) {
        throw new AssertionError("a racing call failed other than by IllegalStateException", unexpected.get());
      }
      assertTrue(calls.get() > 0);
      assertTrue(Files.notExists(Path.of("/proc/self/fd/" + fd)), "fd " + fd + " is closed once all calls ended");
    }
  }

  private static Thread started(Runnable body) {
    Thread t = new Thread(body);
    t.start();
    return t;
  }
}
