package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestProtocolTest {

  @Test
  void resultWithTabsNewlinesAndBackslashesSurvivesTheRoundTrip() {
    GuestResult r = new GuestResult(2, "a.B#c [1] x\ty", GuestResult.Status.FAILED, 17,
        "org.opentest4j.AssertionFailedError: expected: <1>\n\tat a.B.c(B.java:3)\r\nC:\\path\\n");
    String line = GuestProtocol.resultLine(r);
    assertFalse(line.contains("\n") || line.contains("\r"), line);
    assertEquals(List.of(r), GuestProtocol.parse(line + "\n").results());
  }

  @Test
  void parserIgnoresConsoleNoiseAndReportsGarbledLines() {
    String log = String.join("\r\n",
        "[    3.1] random: crng init done",
        "RTNL4J-VM-BOOTED\t3.79",
        "RTNL4J-VM-PHASE\t1\tSTART\t3.83",
        "RTNL4J-VM-PRELOAD\t1\tdummy\t0",
        "junk before the marker RTNL4J-VM-RESULT\t1\tPASSED\t5\ta.B#c\t",
        "RTNL4J-VM-RESULT\t1\tSKIPPED\t0\ta.B#d\tassumption",
        "RTNL4J-VM-RESULT\t1\tPASS",
        "RTNL4J-VM-PHASE\t1\tEXIT\t3\t9.5",
        "RTNL4J-VM-DONE\t9.6", "");
    GuestProtocol.Report report = GuestProtocol.parse(log);
    assertEquals(List.of(
        new GuestResult(1, "a.B#c", GuestResult.Status.PASSED, 5, ""),
        new GuestResult(1, "a.B#d", GuestResult.Status.SKIPPED, 0, "assumption")), report.results());
    assertEquals(Map.of(1, 3), report.phaseExits());
    assertEquals(Map.of("1:dummy", 0), report.preloads());
    assertEquals(3.79, report.bootedAt().getAsDouble());
    assertTrue(report.done());
    assertEquals(List.of("RTNL4J-VM-RESULT\t1\tPASS"), report.malformed());
  }

  @Test
  void aGuestCutOffBeforeTheEndIsNotDone() {
    assertFalse(GuestProtocol.parse("RTNL4J-VM-BOOTED\t3.0\nRTNL4J-VM-PHASE\t1\tSTART\t3.1\n").done());
  }
}
