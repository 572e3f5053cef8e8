package dev.rtnl4j.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.rtnl.Bridge;
import dev.rtnl4j.rtnl.LinkRef;
import dev.rtnl4j.rtnl.LinkSpec;
import dev.rtnl4j.rtnl.Rtnl;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The baseline programs fail loudly: a missing namespace, or a request the kernel refuses (even
 * one that asked for no acknowledgement), ends them with an error naming what failed, and the
 * Java side passes it on. Their success is proven in {@link WorkloadEquivalenceTest}.
 */
class BaselineImplementationTest {

  /** Skips (fails in CI) unless the tools and packages that build baseline {@code impl} are here. */
  static void requireTools(String impl) {
    if (impl.equals("libmnl")) {
      Require.tool("/usr/bin/gcc", "gcc");
      Require.that(Files.exists(Path.of("/usr/include/libmnl/libmnl.h")),
          "/usr/include/libmnl/libmnl.h is missing: install the Debian package libmnl-dev (bin/test does, as root)");
    } else {
      Require.tool("/usr/bin/go", "golang-go");
      Require.that(Files.isDirectory(Path.of("/usr/share/gocode/src/github.com/vishvananda/netlink")),
          "vishvananda/netlink is missing: install the Debian package golang-github-vishvananda-netlink-dev"
              + " (bin/test does, as root)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"libmnl", "go-netlink"})
  void aMissingNamespaceIsNamedInTheError(String impl) {
    Require.sandbox();
    requireTools(impl);
    WorkloadSpec spec = new WorkloadSpec(Workload.W1, 2, "nosuch");
    IOException e = assertThrows(IOException.class, () -> Implementation.named(impl).run(spec));
    assertTrue(e.getMessage().contains(impl + "-w exited 1"), e.getMessage());
    assertTrue(e.getMessage().contains("/run/netns/nosuch0"), e.getMessage());
    assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
  }

  /** libmnl asks no ack for the veth create: its EEXIST must still be seen and named. */
  @ParameterizedTest
  @ValueSource(strings = {"libmnl", "go-netlink"})
  void aRefusedRequestIsReportedWithItsOperationAndErrno(String impl) throws Exception {
    Require.sandbox();
    requireTools(impl);
    WorkloadSpec spec = new WorkloadSpec(Workload.W1, 3, "e");
    NamespaceSetup.setUp(spec);
    try (Rtnl rtnl = Rtnl.open()) {
      rtnl.links().create(LinkSpec.builder("ve-e1", Bridge.defaults()).build()); // container 1's host link name, taken
      try {
        IOException e = assertThrows(IOException.class, () -> Implementation.named(impl).run(spec));
        assertTrue(e.getMessage().contains("link add ve-e1"), e.getMessage());
        assertTrue(e.getMessage().contains("EEXIST"), e.getMessage());
      } finally {
        rtnl.links().delete(LinkRef.name("ve-e1"));
        NamespaceSetup.tearDown(spec);
      }
    }
  }

  @Test
  void theWorkloadLineIsParsedAndCheckedAgainstTheRun() throws IOException {
    BaselineImplementation libmnl = BaselineImplementation.libmnl();
    WorkloadSpec spec = new WorkloadSpec(Workload.W1, 3, "c");
    assertEquals(2_500_123L, libmnl.parse("note\nw1 impl=libmnl n=3 total_ms=2.500123 per_container_us=833.374\n", spec));
    for (String wrong : new String[] {"", "w2 impl=libmnl n=3 total_ms=2.5 per_container_us=833.3",
        "w1 impl=go-netlink n=3 total_ms=2.5 per_container_us=833.3", "w1 impl=libmnl n=4 total_ms=2.5 per_container_us=625",
        "w1 impl=libmnl n=3 total_ms=fast per_container_us=833.3"}) {
      IOException e = assertThrows(IOException.class, () -> libmnl.parse(wrong, spec), wrong);
      assertTrue(e.getMessage().contains("expected a last line 'w1 impl=libmnl n=3"), e.getMessage());
    }
  }
}
