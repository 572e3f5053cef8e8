package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link NetnsRunner} and {@link VirtualThreads} on virtual threads (JDK 21+: this source set is
 * compiled for release 21 and left out of the JDK 17 run). The namespace entered is the test
 * JVM's own, which the refusal never reaches and the dedicated thread can enter harmlessly.
 */
class NetnsRunnerVirtualThreadTest {
  private static final Path OWN = Path.of("/proc/self/ns/net");

  @Test
  void virtualThreadIsRefusedWithTheReason() throws Exception {
    Require.sandbox();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    int fd = NetnsRunner.openNamespace(OWN);
    try {
      Thread.ofVirtual().start(() -> {
        try {
          NetnsRunner.callOnThisThread(fd, () -> "never");
        } catch (Throwable e) {
          thrown.set(e);
        }
      }).join();
    } finally {
      Syscalls.close(fd);
    }
    IllegalStateException e = (IllegalStateException) thrown.get();
    assertTrue(e.getMessage().contains("virtual thread"), e.getMessage());
    assertTrue(e.getMessage().contains("carrier"), e.getMessage());
  }

  @Test
  void callFromAVirtualThreadRunsOnADedicatedPlatformThread() throws Exception {
    Require.sandbox();
    String own = Files.readSymbolicLink(OWN).toString();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.set(NetnsRunner.call(OWN, () -> VirtualThreads.isCurrent() + " " + Files.readSymbolicLink(
            Path.of("/proc/thread-self/ns/net"))));
      } catch (Throwable e) {
        result.set(e);
      }
    }).join();
    assertEquals("false " + own, String.valueOf(result.get()));
  }

  @Test
  void virtualThreadsTellsAVirtualThreadFromAPlatformOne() throws Exception {
    AtomicReference<Boolean> onVirtual = new AtomicReference<>();
    Thread.ofVirtual().start(() -> onVirtual.set(VirtualThreads.isCurrent())).join();
    assertTrue(onVirtual.get(), "on a virtual thread");
    assertFalse(VirtualThreads.isCurrent(), "on the test's platform thread");
  }
}
