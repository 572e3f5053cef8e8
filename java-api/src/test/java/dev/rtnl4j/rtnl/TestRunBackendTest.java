package dev.rtnl4j.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.TestRunBackend;
import org.junit.jupiter.api.Test;

/**
 * The java-api suite runs twice (Surefire executions default and "jna"): each run is on the native
 * backend it names, and rtnetlink works on it (a dump, a create, a read back).
 */
class TestRunBackendTest {
  @Test
  void theSuiteRunsOnTheBackendItsTestRunNamesAndRtnetlinkWorksOnIt() {
    TestRunBackend.assertActive();
    Sandbox.require();
    try (Rtnl rtnl = Rtnl.open()) {
      assertTrue(rtnl.links().list().stream().anyMatch(l -> l.name().equals("lo")), "lo is listed");
      rtnl.links().create(LinkSpec.builder("br-trb", Bridge.defaults()).build());
      assertEquals("br-trb", rtnl.links().get(LinkRef.name("br-trb")).name());
      rtnl.links().delete(LinkRef.name("br-trb"));
    }
  }
}
