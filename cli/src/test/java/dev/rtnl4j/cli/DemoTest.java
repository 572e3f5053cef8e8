package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void reducedDemoRunsEveryStepAndWritesASelfContainedReport() throws Exception {
    Require.sandbox();
    Require.realRoot();
    Require.tool("/usr/sbin/ip", "iproute2");
    Require.tool("/usr/bin/systemd-nspawn", "systemd-container");
    Require.tool("/bin/busybox", "busybox-static");
    Path report = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-demo-").resolve("report.html");

    CliRun r = CliRun.of("demo", "--containers", "20", "--boot", "2", "--no-host-image", "--report", report.toString());

    assertEquals(0, r.status(), r.toString());
    String out = r.out();
    for (String m : new String[] {"bridge", "macvlan", "tap", "tun"}) {
      assertTrue(Pattern.compile("\n  " + m + " +(loaded|already live|built in|not available) ").matcher(out).find(), out);
    }
    Matcher row = Pattern.compile("\n  (rtnl4j|ip-batch|ip) +([0-9.]+) +([0-9.]+) µs +([0-9.]+)×").matcher(out);
    int rows = 0;
    while (row.find()) {
      rows++;
      assertTrue(Double.parseDouble(row.group(3)) > 0, row.group());
    }
    assertEquals(3, rows, out);
    assertTrue(out.contains("speed-up: rtnl4j is "), out);
    assertTrue(out.contains("w1 impl=ip n=20 total_ms="), out);
    assertTrue(out.contains("b1 image=busybox mode=prepared k=2 c=4 started=2"), out);
    assertTrue(out.contains("4. HTML report: " + report), out);

    String page = Files.readString(report);
    for (String id : new String[] {"modules", "w1", "b1-busybox-prepared"}) {
      assertTrue(page.contains("<section id=\"" + id + "\">"), id + " missing: " + page);
    }
    assertTrue(page.contains("id=\"w1-chart\""), page);
    assertTrue(page.split("<svg", -1).length - 1 >= 2, "charts: " + page);
    assertTrue(!page.contains(" src=") && !page.contains("<link "), "no external assets: " + page);
    try (var s = Files.list(Path.of("/run/netns"))) {
      assertEquals(0, s.count(), "the demo removes its namespaces");
    }
  }
}
