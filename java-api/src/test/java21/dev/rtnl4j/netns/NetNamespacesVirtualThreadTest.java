package dev.rtnl4j.netns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Namespaces are never made on a virtual thread: {@code unshare} there would move its carrier
 * thread, and every virtual thread later mounted on it (JDK 21+: this source set is compiled for
 * release 21 and left out of the JDK 17 run).
 */
class NetNamespacesVirtualThreadTest {
  private final NetNamespaces namespaces = NetNamespaces.standard();

  @Test
  void createOnThisThreadIsRefusedOnAVirtualThreadAndLeavesNoName() throws Exception {
    Require.sandbox();
    AtomicReference<Throwable> onVirtual = new AtomicReference<>();
    Thread.ofVirtual().start(() -> {
      try {
        namespaces.createOnThisThread("never");
      } catch (Throwable t) {
        onVirtual.set(t);
      }
    }).join();
    assertTrue(onVirtual.get() instanceof IllegalStateException, String.valueOf(onVirtual.get()));
    assertTrue(onVirtual.get().getMessage().contains("virtual thread"), onVirtual.get().getMessage());
    assertFalse(namespaces.exists("never"));
  }

  @Test
  void unshareOnThisThreadIsRefusedOnAVirtualThread() throws Exception {
    Require.sandbox();
    AtomicReference<Throwable> onVirtual = new AtomicReference<>();
    Thread.ofVirtual().start(() -> {
      try {
        NetNamespace.unshareOnThisThread().close();
      } catch (Throwable t) {
        onVirtual.set(t);
      }
    }).join();
    assertTrue(onVirtual.get() instanceof IllegalStateException, String.valueOf(onVirtual.get()));
    assertTrue(onVirtual.get().getMessage().contains("carrier"), onVirtual.get().getMessage());
  }
}
