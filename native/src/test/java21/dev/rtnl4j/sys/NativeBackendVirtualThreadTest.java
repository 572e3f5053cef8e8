package dev.rtnl4j.sys;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backends' errno on a virtual thread (JDK 21+: this source set is compiled for release 21
 * and left out of the JDK 17 run): FFM's capture buffer and JNA's saved errno belong to the thread
 * that made the call, even when it is virtual and moves between carriers.
 */
class NativeBackendVirtualThreadTest {
  @ParameterizedTest
  @MethodSource("dev.rtnl4j.sys.NativeBackendTest#backends")
  void errnoIsReadOnTheThreadThatFailedEvenOnAVirtualThread(NativeBackend nb) throws Exception {
    try (ExecutorService platform = Executors.newFixedThreadPool(1);
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      NativeBackendTest.assertErrnoIsPerThread(nb, platform, virtual);
    }
  }
}
